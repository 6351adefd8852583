import type { Finding } from '@talaria/falco-event';
import type { FilterStage, FilterVerdict } from '@talaria/pipeline';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import type { NoiseFinding } from '../noise-finding';
import type { CompiledFilter } from './compiled-filter';
import { FilterSet } from './filter-set';
import { noiseFilterMetricsFor, type NoiseFilterMetrics } from './noise-filter-metrics';
import type { SuppressedEventsSink } from './suppressed-events-output';

const PASS: FilterVerdict = { suppress: false };

export interface NoiseFilterStageOptions {
  filters?: FilterSet;
  /** Marks every match as "would suppress" and suppresses nothing. Default false. */
  dryRun?: boolean;
  /** Receives a copy of every suppressed finding; absent means suppressed findings are only counted. */
  suppressedOutput?: SuppressedEventsSink;
  registry: Registry;
  logger: Logger;
  /** Clock for expiry, in epoch ms; replaceable in tests. */
  now?: () => number;
  /** True when the pipeline runs this stage after the enrich stage, so `owner.*` has values. Default false. */
  afterEnrichment?: boolean;
}

/**
 * The pipeline's filter stage for filter files. The first filter that matches
 * suppresses the finding under its own name, so the pipeline's
 * `talaria_pipeline_suppressed_total{filter}` counts each filter. In dry-run
 * mode, globally or per filter, the finding goes on with `noise.wouldSuppressBy`
 * set. Expired filters suppress nothing; their matches are counted and logged.
 * `replace` swaps the filter set at once, for hot reload.
 */
export class NoiseFilterStage implements FilterStage {
  readonly name = 'noise_filters';
  private current: FilterSet;
  private readonly dryRun: boolean;
  private readonly afterEnrichment: boolean;
  private readonly suppressedOutput?: SuppressedEventsSink;
  private readonly metrics: NoiseFilterMetrics;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly verdicts = new Map<CompiledFilter, FilterVerdict>();
  private readonly expiredLogged = new Set<CompiledFilter>();
  private readonly onExpiredMatch = (filter: CompiledFilter, finding: Finding) =>
    this.countExpiredMatch(filter, finding);

  constructor(options: NoiseFilterStageOptions) {
    this.dryRun = options.dryRun ?? false;
    this.suppressedOutput = options.suppressedOutput;
    this.metrics = noiseFilterMetricsFor(options.registry);
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.afterEnrichment = options.afterEnrichment ?? false;
    this.current = FilterSet.empty();
    this.replace(options.filters ?? FilterSet.empty());
  }

  /** The filters in effect. */
  get filters(): FilterSet {
    return this.current;
  }

  check(finding: Finding): FilterVerdict {
    const filter = this.current.findMatch(finding, this.now(), this.onExpiredMatch);
    if (filter === undefined) return PASS;

    if (this.dryRun || filter.dryRun) {
      const marked = finding as NoiseFinding;
      marked.noise = { ...marked.noise, wouldSuppressBy: filter.name };
      this.metrics.wouldSuppress.inc({ filter: filter.name });
      return PASS;
    }

    this.suppressedOutput?.write(finding, filter);
    return this.verdictOf(filter);
  }

  /** Puts a new filter set in effect and reports the filters that have already expired. */
  replace(filters: FilterSet): void {
    this.current = filters;
    this.verdicts.clear();
    this.expiredLogged.clear();

    const expired = filters.expiredAt(this.now());
    this.metrics.activeFilters.set(filters.size - expired.length);
    this.metrics.expiredFilters.set(expired.length);
    if (expired.length > 0) {
      this.logger.warn(
        {
          expiredFilters: expired.map((filter) => ({
            filter: filter.name,
            owner: filter.owner,
            expires: filter.expires,
            file: filter.at.file,
            line: filter.at.line,
          })),
        },
        'filters have expired and no longer suppress; renew their expiry or remove them',
      );
    }
    if (filters.usesOwner && !this.afterEnrichment) {
      this.logger.warn(
        'some filters read owner.*, which only has a value once the enrich stage has run; check where the pipeline runs this stage',
      );
    }
  }

  private verdictOf(filter: CompiledFilter): FilterVerdict {
    let verdict = this.verdicts.get(filter);
    if (verdict === undefined) {
      verdict = { suppress: true, filter: filter.name, reason: filter.reason };
      this.verdicts.set(filter, verdict);
    }
    return verdict;
  }

  private countExpiredMatch(filter: CompiledFilter, finding: Finding): void {
    this.metrics.expiredMatches.inc({ filter: filter.name });
    if (this.expiredLogged.has(filter)) return;

    // One line per filter and filter set; the counter has the rest.
    this.expiredLogged.add(filter);
    this.logger.warn(
      {
        filter: filter.name,
        owner: filter.owner,
        expires: filter.expires,
        findingId: finding.id,
        rule: finding.alert.rule,
      },
      'an expired filter matched a finding, which was delivered; renew the filter or remove it',
    );
  }
}
