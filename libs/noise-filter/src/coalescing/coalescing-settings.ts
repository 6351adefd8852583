import { DEFAULT_FINGERPRINT_FIELDS } from '@talaria/falco-event';

/**
 * Treatment of repeated alerts by one output:
 * - `coalesce`: the first alert of a storm goes out, the rest are counted
 *   and summarised when the window closes; rate limits apply.
 * - `tag`: every alert goes out, marked with its fingerprint and storm id.
 * - `off`: alerts go out unchanged.
 */
export type CoalescingMode = 'coalesce' | 'tag' | 'off';

/** A token bucket: `burst` findings at once, refilled at `perMinute`. */
export interface RateLimitSettings {
  perMinute: number;
  burst: number;
}

export interface CoalescingSettings {
  mode: CoalescingMode;
  /** Length of a coalescing window in ms. */
  windowMs: number;
  /** Fingerprint names, as `fingerprint()` in @talaria/falco-event reads them. */
  fields: readonly string[];
  /** Extra fingerprint fields per rule name: the fields that tell one alert of that rule from another. */
  ruleKeyFields: Readonly<Record<string, readonly string[]>>;
  /** Limit for the whole output. */
  rateLimit?: RateLimitSettings;
  /** Limit per owning team (`owner.team`; findings without an owner share one bucket). */
  ownerRateLimit?: RateLimitSettings;
}

export const DEFAULT_WINDOW_MS = 60_000;

/** Output types that reach people: coalescing is on by default for them. */
export const PEOPLE_OUTPUT_TYPES: ReadonlySet<string> = new Set([
  'stdout',
  'webhook',
  'slack',
  'slack-bot',
  'bot',
  'teams',
  'mattermost',
  'discord',
  'pagerduty',
  'opsgenie',
  'email',
]);

/**
 * Returns the default mode for an output type. Outputs that reach people
 * coalesce. Any other type, including archives such as `file`,
 * `elasticsearch` and `splunk`, keeps and tags every alert, so counts and
 * forensics stay complete.
 */
export function defaultModeFor(outputType: string): CoalescingMode {
  return PEOPLE_OUTPUT_TYPES.has(outputType) ? 'coalesce' : 'tag';
}

/** Settings with every default applied for an output of `outputType`. */
export function defaultCoalescingSettings(outputType: string): CoalescingSettings {
  return {
    mode: defaultModeFor(outputType),
    windowMs: DEFAULT_WINDOW_MS,
    fields: DEFAULT_FINGERPRINT_FIELDS,
    ruleKeyFields: {},
  };
}
