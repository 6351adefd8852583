import type { Finding } from '@talaria/falco-event';

import { FieldCache } from '../matching/field-cache';
import { isExpired, type CompiledFilter } from './compiled-filter';

/** Called when an expired filter matched a finding that it would have suppressed before. */
export type ExpiredMatchListener = (filter: CompiledFilter, finding: Finding) => void;

/**
 * An ordered set of compiled filters. The first filter that matches wins, as
 * in the pipeline's filter stage. Filters that require certain rule names are
 * indexed by rule, so a finding is only tested against filters that can match
 * its rule, in their file order.
 */
export class FilterSet {
  readonly filters: readonly CompiledFilter[];
  /** True when some filter reads `owner.*`. */
  readonly usesOwner: boolean;
  private readonly anyRule: readonly CompiledFilter[];
  private readonly byRule = new Map<string, readonly CompiledFilter[]>();

  constructor(
    filters: CompiledFilter[],
    usesOwner = false,
    private readonly fieldCache = new FieldCache(),
  ) {
    this.filters = filters;
    this.usesOwner = usesOwner;
    this.anyRule = filters.filter((filter) => filter.rules === undefined);

    // Only rules that filters name get an entry, so alerts cannot grow the map.
    const ruleNames = new Set(filters.flatMap((filter) => [...(filter.rules ?? [])]));
    for (const rule of ruleNames) {
      this.byRule.set(
        rule,
        filters.filter((filter) => filter.rules === undefined || filter.rules.has(rule)),
      );
    }
  }

  static empty(): FilterSet {
    return new FilterSet([]);
  }

  get size(): number {
    return this.filters.length;
  }

  /**
   * Returns the first filter that matches and has not expired at `nowMs`.
   * Expired filters that match are skipped and reported to `onExpiredMatch`.
   */
  findMatch(
    finding: Finding,
    nowMs: number,
    onExpiredMatch?: ExpiredMatchListener,
  ): CompiledFilter | undefined {
    const candidates = this.byRule.get(finding.alert.rule) ?? this.anyRule;
    // The same finding object may have changed since it was last tested, for example its owner.
    this.fieldCache.reset();

    for (const filter of candidates) {
      if (!filter.matches(finding)) continue;
      if (!isExpired(filter, nowMs)) return filter;
      onExpiredMatch?.(filter, finding);
    }
    return undefined;
  }

  /** Filters that have expired at `nowMs`. */
  expiredAt(nowMs: number): CompiledFilter[] {
    return this.filters.filter((filter) => isExpired(filter, nowMs));
  }
}
