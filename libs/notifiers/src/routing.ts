import { PRIORITIES, type Finding, type Priority } from '@talaria/falco-event';

import type { OutputRoute } from './output';

/** Falco's source for alerts that do not name one, as older Falco versions send them. */
const DEFAULT_SOURCE = 'syscall';

// NOTE: the falco-event library does not yet export priority helpers; these
// compare by position in PRIORITIES, which lists the most severe first.

/**
 * Returns the severity rank of a priority: 0 for Emergency, 7 for Debug.
 * An unknown name ranks as most severe, so that a malformed alert still
 * reaches every output instead of being filtered out silently.
 */
function priorityRank(priority: string): number {
  const rank = PRIORITIES.indexOf(priority as Priority);
  return rank === -1 ? 0 : rank;
}

/** Returns whether `priority` is at least as severe as `minimum`. */
function isAtLeastPriority(priority: string, minimum: Priority): boolean {
  return priorityRank(priority) <= priorityRank(minimum);
}

/**
 * Returns whether an output with this route receives the finding. Every condition
 * must hold, and an empty or absent list of rules, sources, tags or
 * criticalities matches all.
 */
export function matchesRoute(finding: Finding, route: OutputRoute): boolean {
  if (!isAtLeastPriority(finding.priority, route.minPriority)) return false;

  if (
    route.rules !== undefined &&
    route.rules.length > 0 &&
    !route.rules.includes(finding.alert.rule)
  ) {
    return false;
  }

  const source = finding.alert.source ?? DEFAULT_SOURCE;
  if (route.sources !== undefined && route.sources.length > 0 && !route.sources.includes(source)) {
    return false;
  }

  if (route.tags !== undefined && route.tags.length > 0) {
    const findingTags = finding.alert.tags ?? [];
    if (!route.tags.some((tag) => findingTags.includes(tag))) return false;
  }

  if (route.criticalities !== undefined && route.criticalities.length > 0) {
    if (!matchesCriticality(finding, route.criticalities)) return false;
  }
  return true;
}

/** Criticality entry that matches findings whose owner or criticality is not known. */
export const UNKNOWN_CRITICALITY = 'unknown';

function matchesCriticality(finding: Finding, criticalities: readonly string[]): boolean {
  const listed = criticalities.map((criticality) => criticality.toLowerCase());
  const criticality =
    finding.owner.status === 'known' ? finding.owner.criticality?.trim().toLowerCase() : undefined;

  if (criticality === undefined || criticality === '') return listed.includes(UNKNOWN_CRITICALITY);
  return listed.includes(criticality);
}
