import type { Finding } from '@talaria/falco-event';
import { escapeControlCharacters } from '@talaria/notifiers';

import type { FilterSet } from '../filtering/filter-set';

/** Verdict of the filters on one event. */
export interface EventVerdict {
  line: number;
  rule: string;
  /** The filter that suppresses the event, or that would in dry-run mode. */
  filter?: string;
  reason?: string;
  dryRun?: boolean;
  /** Expired filters that match the event and no longer suppress it. */
  expiredFilters: string[];
}

/** Decides for one event which filter suppresses it, as the pipeline's filter stage would. */
export function testEvent(
  filters: FilterSet,
  finding: Finding,
  line: number,
  nowMs: number,
): EventVerdict {
  const expiredFilters: string[] = [];
  const filter = filters.findMatch(finding, nowMs, (expired) => expiredFilters.push(expired.name));

  return {
    line,
    rule: finding.alert.rule,
    filter: filter?.name,
    reason: filter?.reason,
    dryRun: filter === undefined ? undefined : filter.dryRun,
    expiredFilters,
  };
}

/** Totals of a filters test run. */
export interface FiltersTestSummary {
  events: number;
  suppressed: number;
  wouldSuppress: number;
  passed: number;
  invalidLines: number;
  /** Events suppressed (or marked, for dry-run filters) per filter, in file order, zeros included. */
  perFilter: Record<string, number>;
}

/** Counts verdicts into a summary; filters that matched nothing appear with 0. */
export function summarizeVerdicts(
  filters: FilterSet,
  verdicts: EventVerdict[],
  invalidLines: number,
): FiltersTestSummary {
  const perFilter: Record<string, number> = {};
  for (const filter of filters.filters) perFilter[filter.name] = 0;

  let suppressed = 0;
  let wouldSuppress = 0;
  for (const verdict of verdicts) {
    if (verdict.filter === undefined) continue;
    perFilter[verdict.filter] += 1;
    if (verdict.dryRun) wouldSuppress += 1;
    else suppressed += 1;
  }

  return {
    events: verdicts.length,
    suppressed,
    wouldSuppress,
    passed: verdicts.length - suppressed - wouldSuppress,
    invalidLines,
    perFilter,
  };
}

/** Renders one verdict as a line of text, with control characters in the rule name escaped. */
export function formatVerdict(verdict: EventVerdict): string {
  const rule = escapeControlCharacters(verdict.rule);
  const expired =
    verdict.expiredFilters.length > 0
      ? ` (expired filters also match: ${verdict.expiredFilters.join(', ')})`
      : '';
  if (verdict.filter === undefined)
    return `line ${verdict.line}: ${rule}: not suppressed${expired}`;
  const action = verdict.dryRun ? 'would be suppressed (dry run) by' : 'suppressed by';
  return `line ${verdict.line}: ${rule}: ${action} ${verdict.filter}${expired}`;
}
