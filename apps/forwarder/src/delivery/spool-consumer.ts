import { buildFinding } from '@talaria/falco-event';
import type { Pipeline } from '@talaria/pipeline';
import type { Spool, SpoolEntry } from '@talaria/spool';
import type { Logger } from '@talaria/telemetry';
import { Counter, type Registry } from 'prom-client';
import { openSpoolEnvelope, type SpooledAlert } from '../ingest/spool-envelope';
import type { OutputReceipts } from './output-receipts';

// Each batch is handled in one go, so a small batch keeps ingest replies prompt between them.
const TAKE_BATCH = 64;
const BACKLOG_POLL_MS = 5;
const RECHECK_IN_FLIGHT_MS = 100;

/**
 * Moves alerts from the spool into the pipeline and acknowledges each spool
 * entry once every output has delivered or dead-lettered its finding. Entries
 * not acknowledged by shutdown are replayed at the next start, to the outputs
 * that had not settled them yet.
 */
export class SpoolConsumer {
  private running?: Promise<void>;
  private stopped = false;
  private readonly unreadable: Counter<never>;

  constructor(
    private readonly spool: Spool,
    private readonly pipeline: Pipeline,
    private readonly receipts: OutputReceipts,
    private readonly logger: Logger,
    registry: Registry,
    private readonly maxInFlight: number,
  ) {
    this.unreadable = new Counter({
      name: 'talaria_spool_unreadable_total',
      help: 'Spool entries that could not be read back as alerts and were discarded after logging.',
      registers: [registry],
    });
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the loop; call after the spool is closed or when no more entries will be taken. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      // Findings that only a failing output still keeps do not count. Its
      // queue must be able to fill and overflow into the dead letter, or one
      // output that is down would stop delivery to every other output.
      const inFlight = this.pipeline.pending - this.pipeline.heldByFailingOutputs;
      if (inFlight >= this.maxInFlight) {
        // An output can start failing while this waits, so the limit is checked again.
        await this.pipeline.waitUntilBelow(this.maxInFlight / 2, RECHECK_IN_FLIGHT_MS);
        continue;
      }

      // A healthy output that is slower than ingest: let the spool hold the
      // backlog rather than overflow that output's queue into dead letters.
      if (this.pipeline.backlogged) {
        await new Promise((resolve) => setTimeout(resolve, BACKLOG_POLL_MS));
        continue;
      }

      // take() resolves empty only once the spool is closing.
      const entries = await this.spool.take(TAKE_BATCH);
      if (entries.length === 0) return;
      for (const entry of entries) this.handle(entry);
    }
  }

  private handle(entry: SpoolEntry): void {
    let alert: SpooledAlert;
    try {
      alert = (entry.attachment as SpooledAlert | undefined) ?? openSpoolEnvelope(entry.body);
    } catch (error) {
      this.unreadable.inc();
      this.logger.error(
        { err: error, findingId: entry.id, seq: entry.seq },
        'spool entry is unreadable; discarding it',
      );
      this.spool.ack(entry.seq);
      return;
    }

    const finding = buildFinding({
      id: entry.id,
      receivedAt: new Date(entry.receivedAt),
      cluster: alert.cluster,
      region: alert.region,
      parsed: alert.parsed,
    });
    const { id, seq } = entry;
    this.pipeline.process(
      finding,
      () => {
        this.receipts.forget(id);
        this.spool.ack(seq);
      },
      {
        settledBefore: this.receipts.settledBefore(id, seq),
        onOutputSettled: (output, remaining) => {
          if (remaining > 0) this.receipts.noteSettled(id, seq, output);
        },
      },
    );
  }
}
