export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failed sends that open the circuit. */
  failureThreshold: number;
  /** Time in ms the circuit stays open before one trial send is allowed. */
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT_OPTIONS: Readonly<CircuitBreakerOptions> = Object.freeze({
  failureThreshold: 5,
  cooldownMs: 30_000,
});

/**
 * Stops sending to a destination that keeps failing. Closed: every send may
 * start. Open: none may start until `cooldownMs` has passed. Half-open: one
 * trial send may start, and its result closes or reopens the circuit.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
    private readonly onStateChange: (state: CircuitState) => void = () => undefined,
  ) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError(
        `circuit.failureThreshold must be an integer of at least 1; got ${options.failureThreshold}`,
      );
    }
    if (!Number.isFinite(options.cooldownMs) || options.cooldownMs < 0) {
      throw new RangeError(
        `circuit.cooldownMs must be zero or more milliseconds; got ${options.cooldownMs}`,
      );
    }
  }

  /** Current state; an open circuit whose cooldown has passed reads as half-open. */
  get state(): CircuitState {
    if (this.current === 'open' && this.msUntilHalfOpen() === 0) this.transition('half_open');
    return this.current;
  }

  /** Returns whether a send could start now, without taking the half-open trial slot. */
  canSend(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half_open' && !this.trialInFlight);
  }

  /** Takes permission for one send; in half-open state only the first caller gets it. */
  tryAcquire(): boolean {
    if (!this.canSend()) return false;
    if (this.current === 'half_open') this.trialInFlight = true;
    return true;
  }

  /** Records a send that reached the destination; closes the circuit. */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  /** Records a failed send; opens the circuit at the threshold or after a failed trial. */
  recordFailure(): void {
    this.consecutiveFailures += 1;
    if (this.current === 'half_open') {
      this.trialInFlight = false;
      this.open();
      return;
    }
    if (this.current === 'closed' && this.consecutiveFailures >= this.options.failureThreshold) {
      this.open();
    }
  }

  /**
   * Records a send that reached a destination which rejected it for a rate
   * limit. The destination is up, so a half-open circuit closes, but the count
   * of consecutive failures stays as it was.
   */
  recordRateLimited(): void {
    this.trialInFlight = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  /** Gives back a trial slot whose send never ran, for example because shutdown cut it short. */
  releaseTrial(): void {
    this.trialInFlight = false;
  }

  /** Time in ms until an open circuit half-opens; 0 when it is not open. */
  msUntilHalfOpen(): number {
    if (this.current !== 'open') return 0;
    return Math.max(0, this.openedAt + this.options.cooldownMs - this.now());
  }

  private open(): void {
    this.openedAt = this.now();
    this.transition('open');
  }

  private transition(state: CircuitState): void {
    if (this.current === state) return;
    this.current = state;
    this.onStateChange(state);
  }
}
