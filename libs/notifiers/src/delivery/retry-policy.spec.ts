import {
  DEFAULT_RETRY_POLICY,
  backoffCeilingMs,
  computeRetryDelayMs,
  resolveRetryPolicy,
  type RetryPolicy,
} from './retry-policy';

const policy: RetryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 1000,
  maxAttempts: 5,
  maxRetryAfterMs: 5000,
};

describe('backoffCeilingMs', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [60, 1000],
    [5000, 1000],
  ])('attempt %i has ceiling %i ms', (attempt, expected) => {
    expect(backoffCeilingMs(attempt, policy)).toBe(expected);
  });
});

describe('computeRetryDelayMs', () => {
  it('stays within zero and the ceiling', () => {
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const ceiling = backoffCeilingMs(attempt, policy);
      expect(computeRetryDelayMs(attempt, policy, undefined, () => 0)).toBe(0);
      expect(computeRetryDelayMs(attempt, policy, undefined, () => 0.999999999)).toBe(ceiling);
      expect(computeRetryDelayMs(attempt, policy, undefined, () => 0.5)).toBe(
        Math.floor(0.5 * (ceiling + 1)),
      );
    }
  });

  it('spreads delays over the range', () => {
    const delays = new Set<number>();
    for (let draw = 0; draw < 200; draw += 1) {
      const delay = computeRetryDelayMs(4, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(800);
      delays.add(delay);
    }
    expect(delays.size).toBeGreaterThan(20);
  });

  it('uses Retry-After instead of backoff', () => {
    expect(computeRetryDelayMs(1, policy, 2500, () => 0)).toBe(2500);
  });

  it('caps Retry-After at maxRetryAfterMs', () => {
    expect(computeRetryDelayMs(1, policy, 3_600_000, () => 0)).toBe(5000);
  });

  it('ignores an invalid Retry-After', () => {
    expect(computeRetryDelayMs(1, policy, Number.NaN, () => 0.999999999)).toBe(100);
    expect(computeRetryDelayMs(1, policy, -5, () => 0.999999999)).toBe(100);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults', () => {
    expect(resolveRetryPolicy({ maxAttempts: 3, initialDelayMs: undefined })).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: 3,
    });
  });

  it('rejects zero attempts', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(
      'retry.maxAttempts must be an integer of at least 1; got 0',
    );
  });

  it('rejects a cap below the initial delay', () => {
    expect(() => resolveRetryPolicy({ initialDelayMs: 1000, maxDelayMs: 10 })).toThrow(
      'retry.maxDelayMs (10) must not be below retry.initialDelayMs (1000)',
    );
  });
});
