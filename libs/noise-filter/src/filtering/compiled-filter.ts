import type { SourceLocation } from '../language/filter-problems';
import type { FindingPredicate } from '../matching/compile-condition';

/** A filter ready to evaluate: its match and exceptions folded into one predicate. */
export interface CompiledFilter {
  name: string;
  reason: string;
  owner: string;
  /** Epoch ms from which the filter no longer suppresses. */
  expiresAtMs?: number;
  /** The expiry as written in the file. */
  expires?: string;
  dryRun: boolean;
  /** Location of the filter's definition. */
  at: SourceLocation;
  /**
   * Returns true when the match is true and, if the filter lists exceptions, one of them is true.
   * Field values are cached per finding object; FilterSet.findMatch resets the cache.
   */
  matches: FindingPredicate;
  /**
   * Rule names the filter can match, when its match requires one of them;
   * undefined when any rule can match. Used to skip filters quickly.
   */
  rules?: ReadonlySet<string>;
}

/** Returns whether the filter has expired at `nowMs` (epoch ms). */
export function isExpired(filter: CompiledFilter, nowMs: number): boolean {
  return filter.expiresAtMs !== undefined && nowMs >= filter.expiresAtMs;
}
