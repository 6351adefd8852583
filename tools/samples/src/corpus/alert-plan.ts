import type { SeededRandom } from '../random';
import type { FalcoRule } from '../rules/falco-rule';
import type { FalcoPriority } from '../rules/falco-priority';

/** Maximum number of extra alerts a rule gets beyond its first, because noisy low-priority rules fire more often. */
const MAX_EXTRA_ALERTS: Record<FalcoPriority, number> = {
  Emergency: 0,
  Alert: 0,
  Critical: 0,
  Error: 1,
  Warning: 2,
  Notice: 3,
  Informational: 3,
  Debug: 2,
};

/** Rules that fire in storms in real fleets, with the alerts in each storm. */
export const STORM_SIZES: Record<string, number> = {
  'Terminal shell in container': 12,
  'Contact K8S API Server From Container': 8,
  'Read sensitive file untrusted': 6,
  'K8s Secret Get Successfully': 10,
  'Launch Privileged Container': 5,
};

/** Returns how many independent alerts a rule gets: at least one, so every rule is covered. */
export function planAlertCount(rule: FalcoRule, random: SeededRandom): number {
  return 1 + random.integer(0, MAX_EXTRA_ALERTS[rule.priority]);
}
