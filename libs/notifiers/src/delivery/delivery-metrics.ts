import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of every output, labelled by output name. */
export interface DeliveryMetrics {
  delivered: Counter<'output'>;
  /** Findings in failed sends; `reason` is `retryable`, `not_retryable` or `rate_limited`. */
  failed: Counter<'output' | 'reason'>;
  deadLettered: Counter<'output' | 'reason'>;
  /** Findings scheduled for another attempt. */
  retries: Counter<'output'>;
  /** Sends the destination rejected for a rate or quota limit. */
  rateLimited: Counter<'output'>;
  queueDepth: Gauge<'output'>;
  /** 1 while the circuit is open or half-open, 0 while closed. */
  circuitOpen: Gauge<'output'>;
  sendDuration: Histogram<'output'>;
  /** Dead-letter records that could not be written; those findings are lost. */
  deadLetterWriteFailures: Counter<'output'>;
  /** Findings that matched no output's route. */
  unrouted: Counter<string>;
  /** Replayed findings not sent again to an output that had settled them before a restart. */
  skippedAsSettled: Counter<'output'>;
}

const metricsByRegistry = new WeakMap<Registry, DeliveryMetrics>();

/**
 * Returns the delivery metrics registered on `registry`, creating them on
 * first use. prom-client rejects a second metric of the same name on one
 * registry, so every channel sharing a registry shares these objects.
 */
export function deliveryMetricsFor(registry: Registry): DeliveryMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing !== undefined) return existing;

  const registers = [registry];
  const metrics: DeliveryMetrics = {
    delivered: new Counter({
      name: 'talaria_output_delivered_total',
      help: 'Findings delivered to an output.',
      labelNames: ['output'],
      registers,
    }),
    failed: new Counter({
      name: 'talaria_output_failed_total',
      help: 'Findings in failed send attempts: retryable, not_retryable, or rate_limited by the destination.',
      labelNames: ['output', 'reason'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'talaria_output_dead_lettered_total',
      help: 'Findings an output gave up on and wrote to the dead-letter file.',
      labelNames: ['output', 'reason'],
      registers,
    }),
    retries: new Counter({
      name: 'talaria_output_retries_total',
      help: 'Findings scheduled for another send attempt.',
      labelNames: ['output'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'talaria_output_destination_rate_limited_total',
      help: 'Sends the destination rejected for its rate or quota limit. The output then pauses for the requested wait.',
      labelNames: ['output'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'talaria_output_queue_depth',
      help: 'Findings waiting in an output queue, not counting those in flight.',
      labelNames: ['output'],
      registers,
    }),
    circuitOpen: new Gauge({
      name: 'talaria_output_circuit_open',
      help: '1 while the circuit breaker of an output is open or half-open, 0 while closed.',
      labelNames: ['output'],
      registers,
    }),
    sendDuration: new Histogram({
      name: 'talaria_output_send_duration_seconds',
      help: 'Duration of one send attempt of a batch to an output.',
      labelNames: ['output'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    deadLetterWriteFailures: new Counter({
      name: 'talaria_output_dead_letter_write_failures_total',
      help: 'Dead-letter records that could not be written; those findings are lost.',
      labelNames: ['output'],
      registers,
    }),
    unrouted: new Counter({
      name: 'talaria_output_unrouted_total',
      help: 'Findings that matched no output route and were settled without delivery.',
      registers,
    }),
    skippedAsSettled: new Counter({
      name: 'talaria_output_skipped_as_settled_total',
      help: 'Replayed findings not sent again to this output, because it had delivered or dead-lettered them before a restart.',
      labelNames: ['output'],
      registers,
    }),
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
