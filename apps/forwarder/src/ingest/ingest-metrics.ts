import { Counter, Gauge, type Registry } from 'prom-client';

/** Counters for what arrives at the ingest endpoint and what becomes of it there. */
export class IngestMetrics {
  readonly received: Counter<never>;
  readonly accepted: Counter<never>;
  readonly rejectedAlerts: Counter<'reason'>;
  readonly rejectedRequests: Counter<'reason'>;
  readonly dropped: Counter<'reason'>;
  readonly ready: Gauge<never>;

  constructor(registry: Registry) {
    this.received = new Counter({
      name: 'talaria_alerts_received_total',
      help: 'Alerts read from ingest requests, valid or not.',
      registers: [registry],
    });
    this.accepted = new Counter({
      name: 'talaria_alerts_accepted_total',
      help: 'Alerts validated and written to the spool.',
      registers: [registry],
    });
    this.rejectedAlerts = new Counter({
      name: 'talaria_alerts_rejected_total',
      help: 'Alerts rejected as invalid, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.rejectedRequests = new Counter({
      name: 'talaria_ingest_requests_rejected_total',
      help: 'Whole ingest requests rejected before their alerts could be read, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.dropped = new Counter({
      name: 'talaria_alerts_dropped_total',
      help: 'Valid alerts that could not be kept, by reason (spool_full, spool_error).',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.ready = new Gauge({
      name: 'talaria_ready',
      help: '1 while the forwarder is ready for traffic; 0 while starting, draining or when the spool is full.',
      registers: [registry],
      collect: () => {
        if (this.readiness) this.ready.set(this.readiness());
      },
    });
  }

  private readiness?: () => number;

  /** Sets how the readiness gauge is read at each scrape. */
  onCollectReady(readiness: () => number): void {
    this.readiness = readiness;
  }
}
