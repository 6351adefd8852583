import type { Finding } from '@talaria/falco-event';

/** Word used when the finding has no known owner team. */
export const UNKNOWN_TEAM = 'unknown';

/** Maximum length of each routing key word, so a key stays far below AMQP's 255-byte limit. */
const MAX_WORD_LENGTH = 64;

/**
 * Returns the topic routing key `{cluster}.{priority}.{team}`, such as
 * `prod-eu-1.critical.payments`. The priority is lower case and the team is
 * `unknown` without a known owner. Characters other than letters, digits,
 * `-` and `_` become `_`, so a dot or a `*` or `#` wildcard in a value
 * never adds a word or matches a binding it should not.
 */
export function buildRoutingKey(finding: Finding): string {
  const team = finding.owner.status === 'known' ? finding.owner.team : UNKNOWN_TEAM;
  return [finding.cluster, finding.priority.toLowerCase(), team].map(routingWord).join('.');
}

/** Makes one routing key word from a value, as described for buildRoutingKey. */
export function routingWord(value: string): string {
  const word = value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_WORD_LENGTH);
  return word === '' ? UNKNOWN_TEAM : word;
}
