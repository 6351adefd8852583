import { Counter, Gauge, type Registry } from 'prom-client';

/** Counters of the enrich stage, registered on the caller's registry. */
export class EnrichmentMetrics {
  readonly cache: Counter<'result'>;
  readonly timeouts: Counter<never>;
  readonly failures: Counter<'reason'>;
  readonly owners: Counter<'status'>;
  readonly requests: Counter<never>;
  readonly circuitOpen: Gauge<never>;

  constructor(registry: Registry) {
    this.cache = new Counter({
      name: 'talaria_enrichment_cache_total',
      help: 'Owner lookups served from the cache (hit) or sent to the ownership API (miss).',
      labelNames: ['result'],
      registers: [registry],
    });
    this.timeouts = new Counter({
      name: 'talaria_enrichment_timeouts_total',
      help: 'Findings sent on without an owner because the lookup exceeded its timeout.',
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'talaria_enrichment_failures_total',
      help: 'Findings sent on without an owner because the lookup failed, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.owners = new Counter({
      name: 'talaria_enrichment_owner_total',
      help: 'Findings enriched, by whether an owner was found (known) or not (unknown).',
      labelNames: ['status'],
      registers: [registry],
    });
    this.requests = new Counter({
      name: 'talaria_enrichment_requests_total',
      help: 'Resolve requests sent to the ownership API.',
      registers: [registry],
    });
    this.circuitOpen = new Gauge({
      name: 'talaria_enrichment_circuit_open',
      help: '1 while the circuit to the ownership API is open and lookups are skipped.',
      registers: [registry],
    });
  }
}
