import { Counter, Histogram, type Registry } from 'prom-client';

/** Counters the pipeline owns; per-output delivery metrics live in the delivery engine. */
export class PipelineMetrics {
  readonly processed: Counter<never>;
  readonly suppressed: Counter<'filter'>;
  readonly endToEndLatency: Histogram<'output'>;

  constructor(registry: Registry) {
    this.processed = new Counter({
      name: 'talaria_pipeline_processed_total',
      help: 'Findings that entered the pipeline after validation.',
      registers: [registry],
    });
    this.suppressed = new Counter({
      name: 'talaria_pipeline_suppressed_total',
      help: 'Findings suppressed, by the name of the filter that suppressed them.',
      labelNames: ['filter'],
      registers: [registry],
    });
    this.endToEndLatency = new Histogram({
      name: 'talaria_end_to_end_latency_seconds',
      help: 'Seconds from accepting an alert to its delivery, per output.',
      labelNames: ['output'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }
}
