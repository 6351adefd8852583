import { CircuitBreaker, type CircuitState } from './circuit-breaker';

function createBreaker(): {
  breaker: CircuitBreaker;
  clock: { now: number };
  changes: CircuitState[];
} {
  const clock = { now: 1_000_000 };
  const changes: CircuitState[] = [];
  const breaker = new CircuitBreaker(
    { failureThreshold: 3, cooldownMs: 1000 },
    () => clock.now,
    (state) => changes.push(state),
  );
  return { breaker, clock, changes };
}

describe('CircuitBreaker', () => {
  it('opens after consecutive failures', () => {
    const { breaker, changes } = createBreaker();

    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();

    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('resets the count on success', () => {
    const { breaker } = createBreaker();

    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();

    expect(breaker.state).toBe('closed');
  });

  it('half-opens after the cooldown with one trial', () => {
    const { breaker, clock } = createBreaker();
    for (let failure = 0; failure < 3; failure += 1) breaker.recordFailure();

    clock.now += 999;
    expect(breaker.msUntilHalfOpen()).toBe(1);
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;

    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.canSend()).toBe(false);
  });

  it('closes when the trial succeeds', () => {
    const { breaker, clock, changes } = createBreaker();
    for (let failure = 0; failure < 3; failure += 1) breaker.recordFailure();
    clock.now += 1000;
    breaker.tryAcquire();

    breaker.recordSuccess();

    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes).toEqual(['open', 'half_open', 'closed']);
  });

  it('reopens when the trial fails', () => {
    const { breaker, clock } = createBreaker();
    for (let failure = 0; failure < 3; failure += 1) breaker.recordFailure();
    clock.now += 1000;
    breaker.tryAcquire();

    breaker.recordFailure();

    expect(breaker.state).toBe('open');
    expect(breaker.msUntilHalfOpen()).toBe(1000);
  });

  it('frees the trial slot on release', () => {
    const { breaker, clock } = createBreaker();
    for (let failure = 0; failure < 3; failure += 1) breaker.recordFailure();
    clock.now += 1000;
    breaker.tryAcquire();

    breaker.releaseTrial();

    expect(breaker.tryAcquire()).toBe(true);
  });

  it('rejects a zero threshold', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, cooldownMs: 10 })).toThrow(
      'circuit.failureThreshold must be an integer of at least 1; got 0',
    );
  });
});
