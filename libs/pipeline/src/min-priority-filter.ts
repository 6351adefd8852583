import { isAtLeastPriority, type Priority } from '@talaria/falco-event';
import type { FilterStage, FilterVerdict } from './stages';

const PASS: FilterVerdict = { suppress: false };

/** Suppresses findings less severe than `minPriority`, under the filter name `min_priority`. */
export function createMinPriorityFilter(minPriority: Priority): FilterStage {
  const verdict: FilterVerdict = {
    suppress: true,
    filter: 'min_priority',
    reason: `priority below ${minPriority}`,
  };

  return {
    name: 'min_priority',
    check: (finding) => (isAtLeastPriority(finding.priority, minPriority) ? PASS : verdict),
  };
}
