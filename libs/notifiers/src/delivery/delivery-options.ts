import { DEFAULT_CIRCUIT_OPTIONS, type CircuitBreakerOptions } from './circuit-breaker';
import { definedOnly, resolveRetryPolicy, type RetryPolicy } from './retry-policy';

/** Queue, batch and retry settings of one output. Every field has a default. */
export interface DeliveryOptions {
  /** Maximum findings waiting in the queue; more are dead-lettered with reason `queue_full`. */
  maxQueue: number;
  /** Maximum findings per send; the adapter's `maxBatchSize` caps it. Default: the adapter's maximum. */
  batchSize?: number;
  /** Maximum time in ms a partial batch waits for more findings before it is sent. */
  lingerMs: number;
  /** Batches in flight at once, retries included. */
  concurrency: number;
  retry: RetryPolicy;
  circuit: OutputCircuitOptions;
}

/** Circuit settings of an output: the breaker's own and how long findings may wait while it is open. */
export interface OutputCircuitOptions extends CircuitBreakerOptions {
  /**
   * Maximum time in ms a queued finding waits while the circuit is open or
   * half-open. Older ones go to the dead letter with reason `output_down`.
   */
  maxWaitMs: number;
}

export type DeliveryOverrides = Partial<Omit<DeliveryOptions, 'retry' | 'circuit'>> & {
  retry?: Partial<RetryPolicy>;
  circuit?: Partial<OutputCircuitOptions>;
};

export const DEFAULT_MAX_QUEUE = 10_000;
export const DEFAULT_LINGER_MS = 100;
export const DEFAULT_CONCURRENCY = 1;
export const DEFAULT_CIRCUIT_MAX_WAIT_MS = 900_000;

/** Fills unset fields from the defaults and rejects values the engine cannot use. */
export function resolveDeliveryOptions(overrides: DeliveryOverrides = {}): DeliveryOptions {
  const options: DeliveryOptions = {
    maxQueue: overrides.maxQueue ?? DEFAULT_MAX_QUEUE,
    batchSize: overrides.batchSize,
    lingerMs: overrides.lingerMs ?? DEFAULT_LINGER_MS,
    concurrency: overrides.concurrency ?? DEFAULT_CONCURRENCY,
    retry: resolveRetryPolicy(overrides.retry),
    circuit: {
      ...DEFAULT_CIRCUIT_OPTIONS,
      maxWaitMs: DEFAULT_CIRCUIT_MAX_WAIT_MS,
      ...definedOnly(overrides.circuit ?? {}),
    },
  };

  requirePositiveInteger('maxQueue', options.maxQueue);
  requirePositiveInteger('concurrency', options.concurrency);
  if (options.batchSize !== undefined) requirePositiveInteger('batchSize', options.batchSize);
  if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0) {
    throw new RangeError(`lingerMs must be zero or more milliseconds; got ${options.lingerMs}`);
  }
  const { maxWaitMs } = options.circuit;
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 1000) {
    throw new RangeError(`circuit.maxWaitMs must be at least 1000 milliseconds; got ${maxWaitMs}`);
  }
  return options;
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer; got ${value}`);
  }
}

/** Maximum drain time in ms of an output whose circuit is open or half-open. Its trial sends come seconds apart. */
export const FAILING_DRAIN_MS = 1000;
