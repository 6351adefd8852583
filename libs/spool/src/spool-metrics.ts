import { Counter, Gauge, type Registry } from 'prom-client';
import { SpoolError } from './errors';
import type { RejectReason, SpoolStats } from './types';

const METRIC_NAMES = [
  'talaria_spool_bytes',
  'talaria_spool_entries',
  'talaria_spool_full',
  'talaria_spool_oldest_pending_age_seconds',
  'talaria_spool_rejected_total',
  'talaria_spool_recovered_total',
  'talaria_spool_write_errors_total',
  'talaria_spool_read_errors_total',
  'talaria_spool_corrupt_records_total',
  'talaria_spool_slow_writes_total',
];

/**
 * The spool's Prometheus metrics. Gauges read the spool's stats when the
 * registry is scraped, so the hot path only increments counters.
 */
export class SpoolMetrics {
  readonly rejected: Counter<'reason'>;
  readonly recovered: Counter;
  readonly writeErrors: Counter;
  readonly readErrors: Counter;
  readonly corruptRecords: Counter;
  readonly slowWrites: Counter;
  private readStats: (() => SpoolStats) | null = null;

  constructor(private readonly registry: Registry) {
    const registeredName = METRIC_NAMES.find(
      (name) => registry.getSingleMetric(name) !== undefined,
    );
    if (registeredName) {
      throw new SpoolError(
        'invalid_options',
        `Invalid spool option registry: it already contains ${registeredName}. Pass a separate Registry to each open Spool, or close the other Spool first.`,
        { option: 'registry', metric: registeredName },
      );
    }

    const registers = [registry];
    const stat = <T>(read: (stats: SpoolStats) => T, fallback: T): T =>
      this.readStats ? read(this.readStats()) : fallback;

    new Gauge({
      name: 'talaria_spool_bytes',
      help: 'Bytes of spool segment files and acknowledgement logs on disk.',
      registers,
      collect() {
        this.set(stat((stats) => stats.bytes, 0));
      },
    });
    new Gauge({
      name: 'talaria_spool_entries',
      help: 'Spool entries accepted and not yet acknowledged.',
      registers,
      collect() {
        this.set(stat((stats) => stats.pendingEntries, 0));
      },
    });
    new Gauge({
      name: 'talaria_spool_full',
      help: '1 while the spool rejects entries because its segment files reached maxBytes, otherwise 0.',
      registers,
      collect() {
        this.set(stat((stats) => (stats.full ? 1 : 0), 0));
      },
    });
    new Gauge({
      name: 'talaria_spool_oldest_pending_age_seconds',
      help: 'Seconds since the pending spool entry with the lowest seq was received, or 0 when none is pending.',
      registers,
      collect() {
        this.set(stat((stats) => (stats.oldestPendingAgeMs ?? 0) / 1000, 0));
      },
    });

    this.rejected = new Counter({
      name: 'talaria_spool_rejected_total',
      help: 'Entries the spool did not accept, by reason (spool_full, too_large).',
      labelNames: ['reason'],
      registers,
    });
    // Start both series at 0, so a rate() over them works before the first rejection.
    this.rejected.inc({ reason: 'spool_full' }, 0);
    this.rejected.inc({ reason: 'too_large' }, 0);
    this.recovered = new Counter({
      name: 'talaria_spool_recovered_total',
      help: 'Unacknowledged entries found in the segment files when the spool opened.',
      registers,
    });
    this.writeErrors = new Counter({
      name: 'talaria_spool_write_errors_total',
      help: 'Failed spool file writes, syncs, truncations, closes and deletions.',
      registers,
    });
    this.readErrors = new Counter({
      name: 'talaria_spool_read_errors_total',
      help: 'Failed reads of entries that wait on disk only. Each failed read is retried after 1 s.',
      registers,
    });
    this.corruptRecords = new Counter({
      name: 'talaria_spool_corrupt_records_total',
      help: 'Corrupt or torn byte ranges skipped while reading segment files, each range counted once.',
      registers,
    });
    this.slowWrites = new Counter({
      name: 'talaria_spool_slow_writes_total',
      help: 'Synchronous segment writes slower than 20 ms, after each of which writes ran on the thread pool for 30 s.',
      registers,
    });
  }

  /** Connects the gauges to the spool once it exists. */
  observe(readStats: () => SpoolStats): void {
    this.readStats = readStats;
  }

  countRejected(reason: RejectReason, count: number): void {
    if (count > 0) this.rejected.inc({ reason }, count);
  }

  /** Removes the metrics from the registry, so a later Spool can register them again. */
  unregister(): void {
    for (const name of METRIC_NAMES) this.registry.removeSingleMetric(name);
  }
}
