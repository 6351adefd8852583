import type { Finding, OwnerInfo } from '@talaria/falco-event';

/** Verdict of one filter: pass the finding on, or suppress it under the filter's name. */
export type FilterVerdict =
  { suppress: false } | { suppress: true; filter: string; reason: string };

/**
 * A filter stage. Filters run in order and the first that suppresses wins, so
 * the metrics name exactly one filter per suppressed finding.
 */
export interface FilterStage {
  readonly name: string;
  check(finding: Finding): FilterVerdict;
}

/** Attaches an owner. It must not throw: a failed lookup returns `status: 'unknown'` with the reason. */
export interface EnrichStage {
  enrich(finding: Finding): Promise<OwnerInfo>;
}

/** The fate of one finding once every stage and output has finished with it. */
export interface PipelineOutcome {
  findingId: string;
  suppressedBy?: string;
  delivered: string[];
  deadLettered: string[];
  /** Outputs that folded the finding into a storm or rate-limit summary. */
  coalesced: string[];
  /** Outputs left out because they had settled the finding before a restart. */
  skipped?: string[];
}
