import type { Finding } from '@talaria/falco-event';

import type { FilterSet } from '../filtering/filter-set';
import { isExpired, type CompiledFilter } from '../filtering/compiled-filter';
import { CandidateCollector, type CandidateFilter } from './candidate-filters';

/** One entry of a ranking: a value and how many alerts carry it. */
export interface RankedValue {
  value: string;
  count: number;
  /** count / total alerts, from 0 to 1. */
  share: number;
}

/** Alerts one filter removes from the events, counted in the pipeline's first-match order. */
export interface FilterShare {
  filter: string;
  owner: string;
  /** Alerts this filter would suppress, not counting those an earlier filter takes. */
  suppressed: number;
  share: number;
  /** Alerts it matched in dry-run mode, which it would only mark. */
  dryRun: boolean;
  /** Expired filters suppress nothing; `expiredMatches` counts what they match. */
  expired: boolean;
  expiredMatches: number;
}

export interface NoiseReport {
  total: number;
  invalidLines: number;
  rules: RankedValue[];
  workloads: RankedValue[];
  images: RankedValue[];
  namespaces: RankedValue[];
  processes: RankedValue[];
  /** Present when filters were given. */
  filters?: FilterShare[];
  /** Alerts some filter would suppress, dry-run filters excluded. */
  suppressed: number;
  candidates: CandidateFilter[];
}

export interface NoiseReportOptions {
  /** Filters to measure; their suppressed alerts are left out of the candidates. */
  filters?: FilterSet;
  /** Entries per ranking and candidate filters proposed. */
  top: number;
  /** Minimum alerts in a group for it to be proposed as a candidate filter. */
  minCandidateAlerts: number;
  /** Clock for expiry and the proposed expiry dates, in epoch ms. */
  nowMs: number;
}

/**
 * Accumulates alerts one at a time and builds the noise report: rankings by
 * volume, the share each filter would remove, and candidate filters for the
 * largest groups that no filter removes yet.
 */
export class NoiseReportBuilder {
  private total = 0;
  private invalid = 0;
  private suppressedTotal = 0;
  private readonly counters = {
    rules: new Map<string, number>(),
    workloads: new Map<string, number>(),
    images: new Map<string, number>(),
    namespaces: new Map<string, number>(),
    processes: new Map<string, number>(),
  };
  private readonly filterCounts = new Map<
    CompiledFilter,
    { suppressed: number; expiredMatches: number }
  >();
  private readonly candidates = new CandidateCollector();

  constructor(private readonly options: NoiseReportOptions) {
    for (const filter of options.filters?.filters ?? []) {
      this.filterCounts.set(filter, { suppressed: 0, expiredMatches: 0 });
    }
  }

  addInvalidLine(): void {
    this.invalid += 1;
  }

  add(finding: Finding): void {
    this.total += 1;
    const workload = finding.workload;
    const namespace = workload.namespace ?? workload.targetNamespace;

    increment(this.counters.rules, finding.alert.rule);
    if (workload.workloadName !== undefined)
      increment(this.counters.workloads, `${namespace ?? '-'}/${workload.workloadName}`);
    if (workload.imageRepository !== undefined)
      increment(this.counters.images, workload.imageRepository);
    if (namespace !== undefined) increment(this.counters.namespaces, namespace);
    const processName = finding.alert.output_fields?.['proc.name'];
    if (typeof processName === 'string' && processName !== '<NA>')
      increment(this.counters.processes, processName);

    const filter = this.options.filters?.findMatch(finding, this.options.nowMs, (expired) => {
      const counts = this.filterCounts.get(expired);
      if (counts !== undefined) counts.expiredMatches += 1;
    });
    if (filter !== undefined) {
      const counts = this.filterCounts.get(filter);
      if (counts !== undefined) counts.suppressed += 1;
      if (!filter.dryRun) {
        this.suppressedTotal += 1;
        return;
      }
    }
    this.candidates.add(finding);
  }

  build(): NoiseReport {
    const { top } = this.options;
    const rank = (counts: Map<string, number>) => ranked(counts, this.total, top);

    return {
      total: this.total,
      invalidLines: this.invalid,
      rules: rank(this.counters.rules),
      workloads: rank(this.counters.workloads),
      images: rank(this.counters.images),
      namespaces: rank(this.counters.namespaces),
      processes: rank(this.counters.processes),
      filters: this.options.filters === undefined ? undefined : this.filterShares(),
      suppressed: this.suppressedTotal,
      candidates: this.candidates.propose({
        top,
        minAlerts: this.options.minCandidateAlerts,
        total: this.total,
        nowMs: this.options.nowMs,
      }),
    };
  }

  private filterShares(): FilterShare[] {
    return [...this.filterCounts].map(([filter, counts]) => ({
      filter: filter.name,
      owner: filter.owner,
      suppressed: counts.suppressed,
      share: this.total === 0 ? 0 : counts.suppressed / this.total,
      dryRun: filter.dryRun,
      expired: isExpired(filter, this.options.nowMs),
      expiredMatches: counts.expiredMatches,
    }));
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function ranked(counts: Map<string, number>, total: number, top: number): RankedValue[] {
  return [...counts]
    .sort(([valueA, countA], [valueB, countB]) => countB - countA || valueA.localeCompare(valueB))
    .slice(0, top)
    .map(([value, count]) => ({ value, count, share: total === 0 ? 0 : count / total }));
}
