/** When and how often a failed send is tried again. */
export interface RetryPolicy {
  /** Backoff ceiling in ms after the first failed attempt; it doubles after each further failure. */
  initialDelayMs: number;
  /** Maximum backoff ceiling in ms. */
  maxDelayMs: number;
  /** Attempts per finding, the first included, before it is dead-lettered. */
  maxAttempts: number;
  /** Maximum wait in ms honoured from a destination's Retry-After, so one response cannot stall an output indefinitely. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: 10,
  maxRetryAfterMs: 300_000,
});

/** Upper bound in ms of the jittered wait after failed attempt number `attempt` (1-based). */
export function backoffCeilingMs(attempt: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  // Capping the exponent keeps 2 ** exponent finite for absurd attempt counts.
  const uncapped = policy.initialDelayMs * 2 ** Math.min(exponent, 52);
  return Math.min(policy.maxDelayMs, uncapped);
}

/**
 * Computes the wait in ms before the next attempt. A wait requested by the
 * destination replaces the backoff, capped at `maxRetryAfterMs`. Otherwise the
 * wait is drawn uniformly from [0, ceiling] ("full jitter"). The jitter spreads
 * retries from many forwarders so they do not hit a recovering server together.
 */
export function computeRetryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(Math.ceil(retryAfterMs), policy.maxRetryAfterMs);
  }

  const ceiling = backoffCeilingMs(attempt, policy);
  return Math.min(ceiling, Math.floor(random() * (ceiling + 1)));
}

/** Fills unset fields from the defaults and rejects values the engine cannot use. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(overrides) };

  requireNonNegative('retry.initialDelayMs', policy.initialDelayMs);
  requireNonNegative('retry.maxDelayMs', policy.maxDelayMs);
  requireNonNegative('retry.maxRetryAfterMs', policy.maxRetryAfterMs);
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(
      `retry.maxAttempts must be an integer of at least 1; got ${policy.maxAttempts}`,
    );
  }
  if (policy.maxDelayMs < policy.initialDelayMs) {
    throw new RangeError(
      `retry.maxDelayMs (${policy.maxDelayMs}) must not be below retry.initialDelayMs (${policy.initialDelayMs})`,
    );
  }
  return policy;
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be zero or more milliseconds; got ${value}`);
  }
}

/** Drops keys whose value is undefined so that spreading them keeps the defaults. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
