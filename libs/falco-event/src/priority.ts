import { PRIORITIES, type Priority } from './alert-types';
import { describeValue } from './describe-value';
import { FalcoEventError } from './errors';

// Falco matches priority names without regard to case and accepts "info" for
// Informational (falco_common::parse_priority in falcosecurity/falco). "warn"
// is accepted too because senders that relay Falco alerts in syslog style
// shorten Warning that way; other shortenings such as "err" are rejected.
const PRIORITY_BY_LOWER_NAME = new Map<string, Priority>([
  ...PRIORITIES.map((priority) => [priority.toLowerCase(), priority] as const),
  ['info', 'Informational'],
  ['warn', 'Warning'],
]);

const RANK_BY_PRIORITY = new Map<Priority, number>(
  PRIORITIES.map((priority, index) => [priority, PRIORITIES.length - 1 - index]),
);

/** Human-readable list of accepted names, for messages. */
export const PRIORITY_EXPECTATION =
  'Emergency, Alert, Critical, Error, Warning (or Warn), Notice, Informational (or Info), Debug';

/**
 * Returns the canonical priority for a name as Falco spells it in any letter
 * case, with "info" for Informational and "warn" for Warning, or undefined for anything else.
 */
export function parsePriority(name: string): Priority | undefined {
  return PRIORITY_BY_LOWER_NAME.get(name.toLowerCase());
}

/** Returns whether `value` is a priority name that Falco accepts. */
export function isFalcoPriority(value: unknown): boolean {
  return typeof value === 'string' && parsePriority(value) !== undefined;
}

/** Returns the severity rank of a priority: 0 for Debug up to 7 for Emergency. */
export function priorityRank(priority: Priority): number {
  const rank = RANK_BY_PRIORITY.get(priority);
  if (rank === undefined) {
    throw new FalcoEventError(
      `${describeValue(priority)} is not a canonical Falco priority; expected one of ${PRIORITIES.join(', ')}. Convert names with parsePriority first.`,
      { context: { priority } },
    );
  }
  return rank;
}

/** Returns whether `priority` is as severe as `minimum` or more. */
export function isAtLeastPriority(priority: Priority, minimum: Priority): boolean {
  return priorityRank(priority) >= priorityRank(minimum);
}

/** Formats the message for a value that is not a Falco priority. */
export function describeInvalidPriority(value: unknown): string {
  if (value === undefined) return `priority is missing; expected one of ${PRIORITY_EXPECTATION}`;
  return `priority ${describeValue(value)} is not a Falco priority; expected one of ${PRIORITY_EXPECTATION}`;
}
