import { mkdir } from 'node:fs/promises';
import { AckWriter } from './ack-writer';
import { ASYNC_AFTER_SLOW_MS, DiskWriter } from './disk-writer';
import { SpoolError } from './errors';
import { FailureLog } from './failure-log';
import { validateInputs } from './input-validation';
import { resolveOptions, type ResolvedSpoolOptions, type SpoolOptions } from './options';
import { MIN_RECORD_BYTES, recordSize } from './record-codec';
import { PendingQueue } from './pending-queue';
import { recoverSegments, type RecoveredState } from './recovery';
import { loggingRecoveryHooks } from './recovery-logging';
import { SegmentSet, type Segment } from './segment';
import { SegmentWriter, type PendingEntry } from './segment-writer';
import { SpoolMetrics } from './spool-metrics';
import type { AppendResult, RejectedInput, SpoolEntry, SpoolInput, SpoolStats } from './types';

/**
 * Bounded, crash-safe queue of entries: a write-ahead log of segment files
 * with an in-memory queue in front. Entries come back from {@link take} in seq
 * order, and after a restart every entry not acknowledged with {@link ack}
 * comes back again (at-least-once). See the package README for the file format
 * and the guarantees of each fsync policy.
 */
export class Spool {
  private readonly segments = new SegmentSet();
  private readonly writer: SegmentWriter;
  private readonly ackWriter: AckWriter;
  private readonly failures: FailureLog;

  private readonly pending: PendingQueue;
  private nextSeq = 1;
  private rejectedSinceSpaceFreed = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly options: ResolvedSpoolOptions,
    private readonly metrics: SpoolMetrics,
  ) {
    this.failures = new FailureLog(options.logger);
    const disk = new DiskWriter(options.writeMode, (tookMs) => {
      metrics.slowWrites.inc();
      this.failures.warn(
        'slow_write',
        { tookMs: Math.round(tookMs), directory: options.directory },
        `a spool write took ${Math.round(tookMs)} ms; writing on the thread pool for the next ${ASYNC_AFTER_SLOW_MS / 1000} s so the event loop stays free`,
      );
    });
    this.pending = new PendingQueue(
      this.segments,
      options.maxMemoryEntries,
      metrics,
      this.failures,
    );
    this.writer = new SegmentWriter(options, this.segments, disk, this.failures, metrics, {
      committed: (entries) => this.pending.addCommitted(entries),
      sealed: (segment) => {
        if (segment.liveCount === 0) this.ackWriter.retire(segment);
      },
    });
    this.ackWriter = new AckWriter(
      options.fsync,
      this.segments,
      disk,
      this.failures,
      metrics,
      () => {
        this.rejectedSinceSpaceFreed = false;
      },
    );
  }

  /**
   * Opens the spool in `options.directory`, creating it if needed, and recovers
   * every entry not acknowledged before, in seq order. Raises a SpoolError for
   * invalid options or when the directory cannot be read or written.
   */
  static async open(options: SpoolOptions): Promise<Spool> {
    const resolved = resolveOptions(options);
    const metrics = new SpoolMetrics(resolved.registry);
    const spool = new Spool(resolved, metrics);

    try {
      await spool.start();
    } catch (error) {
      metrics.unregister();
      if (error instanceof SpoolError) throw error;
      throw new SpoolError(
        'open_failed',
        `Opening the spool in ${resolved.directory} failed: ${error instanceof Error ? error.message : String(error)}. Check that the process may create, read and write files there.`,
        { directory: resolved.directory },
        { cause: error },
      );
    }
    return spool;
  }

  /**
   * True from the moment an entry is rejected with `spool_full` until a
   * fully acknowledged segment is deleted, and whenever not even the smallest
   * record would fit. Use it in a readiness probe.
   */
  get full(): boolean {
    if (this.rejectedSinceSpaceFreed) return true;
    return (
      this.segments.logBytes + this.writer.queuedBytes + MIN_RECORD_BYTES > this.options.maxBytes
    );
  }

  /**
   * Writes the inputs to the active segment file and resolves once they are
   * written (and synced under `fsync: always`). Appends made in the same event
   * loop turn share one write. Inputs are admitted in order until one does not
   * fit in `maxBytes`. That one and all after it are returned as rejected with
   * `spool_full`. An input larger than `maxBytes` alone is rejected with `too_large`.
   *
   * Raises a SpoolError for an invalid input (before admitting any), after
   * close() began, and when the write fails (`write_failed`). After a failed
   * write, entries of the append that reached the file may still be delivered.
   */
  async append(inputs: SpoolInput[]): Promise<AppendResult> {
    if (this.state !== 'open') {
      throw new SpoolError(
        'closed',
        'Cannot append: the spool is closing or closed. Open a new Spool.',
        {
          directory: this.options.directory,
        },
      );
    }
    validateInputs(inputs);

    const result: AppendResult = { accepted: [], rejected: [] };
    const entries: PendingEntry[] = [];
    let bytes = this.segments.logBytes + this.writer.queuedBytes;
    let fits = true;

    for (const input of inputs) {
      const idBytes = Buffer.byteLength(input.id, 'utf8');
      const bodyBytes = Buffer.byteLength(input.body, 'utf8');
      const size = recordSize(idBytes, bodyBytes);

      if (size < 0 || size > this.options.maxBytes) {
        result.rejected.push({ ...input, reason: 'too_large' });
        continue;
      }
      fits = fits && bytes + size <= this.options.maxBytes;
      if (!fits) {
        result.rejected.push({ ...input, reason: 'spool_full' });
        continue;
      }

      bytes += size;
      const seq = this.nextSeq++;
      entries.push({
        seq,
        receivedAt: input.receivedAt,
        id: input.id,
        body: input.body,
        idBytes,
        bodyBytes,
        recordBytes: size,
        attachment: input.attachment,
        segment: null,
        offset: 0,
      });
      result.accepted.push({ id: input.id, seq });
    }

    if (result.rejected.length > 0) this.countRejections(result.rejected);
    if (entries.length === 0) return result;

    await new Promise<void>((resolve, reject) => this.writer.enqueue({ entries, resolve, reject }));
    return result;
  }

  /**
   * Returns up to `max` of the next entries in seq order and marks them taken.
   * Waits until at least one entry is available. Resolves with an empty array
   * once close() has begun. Entries read back from disk have no attachment.
   */
  take(max: number): Promise<SpoolEntry[]> {
    if (!Number.isSafeInteger(max) || max < 1) {
      return Promise.reject(
        new SpoolError(
          'invalid_input',
          `Invalid take(max): ${String(max)}. Use a whole number of at least 1.`,
          {
            max,
          },
        ),
      );
    }
    return this.pending.take(max);
  }

  /**
   * Records that a taken entry is fully handled (delivered or dead-lettered).
   * Acknowledgements may come in any order. They are written to disk in the
   * background, so an entry acknowledged just before a crash can come back
   * after the restart. After close() has finished this does nothing.
   * Raises a SpoolError if `seq` is not a taken, unacknowledged entry.
   */
  ack(seq: number): void {
    if (this.state === 'closed') return;
    if (!this.pending.removeTaken(seq)) {
      throw new SpoolError(
        'invalid_ack',
        `Cannot acknowledge seq ${String(seq)}: take() did not return it, or it is already acknowledged.`,
        { seq },
      );
    }

    // A taken entry keeps its segment's liveCount above zero, so the segment is still in the set.
    const segment = this.segments.find(seq) as Segment;
    segment.liveCount--;
    this.ackWriter.record(segment, seq);
    if (segment.liveCount === 0 && segment.complete) this.ackWriter.retire(segment);
  }

  /**
   * Resolves once the appends and acknowledgements made before the call are
   * written to their files. It does not sync them beyond the fsync policy.
   */
  async flush(): Promise<void> {
    await this.writer.drain();
    await this.ackWriter.drain();
  }

  stats(): SpoolStats {
    const inMemoryEntries = this.pending.inMemoryEntries;
    const diskOnlyEntries = this.pending.diskOnlyEntries;
    const takenEntries = this.pending.takenEntries;
    const oldest = this.pending.oldestReceivedAt();

    return {
      bytes: this.segments.logBytes + this.segments.ackBytes,
      segmentFileBytes: this.segments.logBytes,
      segments: this.segments.count,
      pendingEntries: inMemoryEntries + diskOnlyEntries + takenEntries,
      inMemoryEntries,
      diskOnlyEntries,
      takenEntries,
      oldestPendingAgeMs: oldest === null ? null : Math.max(0, Date.now() - oldest),
      full: this.full,
    };
  }

  /**
   * Stops taking new work, finishes the pending writes and acknowledgements,
   * syncs them (unless `fsync: never`), closes the files and removes the
   * metrics from the registry. Pending take() calls resolve with []. Entries
   * not acknowledged by then come back at the next open.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async start(): Promise<void> {
    const { directory, maxMemoryEntries, logger } = this.options;
    await mkdir(directory, { recursive: true });
    const recovered = await recoverSegments(
      directory,
      maxMemoryEntries,
      loggingRecoveryHooks(logger, this.metrics),
    );

    const reuse = this.adoptRecovered(recovered);
    await this.writer.start(this.nextSeq, reuse);

    // Delete fully acknowledged segments only now, because the new active segment's file name records the next seq.
    for (const segment of recovered.segments) {
      if (segment !== reuse && segment.liveCount === 0) this.ackWriter.retire(segment);
    }

    this.startSyncTimer();
    this.metrics.observe(() => this.stats());
    const pending = recovered.memoryEntries.length + recovered.diskOnlyCount;
    this.metrics.recovered.inc(pending);
    logger.info(
      {
        directory,
        recoveredEntries: pending,
        diskOnlyEntries: recovered.diskOnlyCount,
        nextSeq: this.nextSeq,
        fsync: this.options.fsync,
        writeMode: this.options.writeMode,
      },
      'spool opened',
    );
  }

  /** Takes over the recovered state and returns the last segment if it is empty and can stay active. */
  private adoptRecovered(recovered: RecoveredState): Segment | undefined {
    for (const segment of recovered.segments) this.segments.add(segment);
    this.pending.adopt(recovered);
    this.nextSeq = recovered.nextSeq;

    const last = recovered.segments.at(-1);
    if (!last || last.firstSeq !== this.nextSeq || last.fileBytes !== 0) return undefined;
    last.sealed = false;
    last.complete = false;
    return last;
  }

  private startSyncTimer(): void {
    const { fsync, fsyncIntervalMs } = this.options;
    if (fsync === 'never') return;

    // Under `always` the segment writes are synced already, and only acknowledgement logs wait for the timer.
    this.syncTimer = setInterval(() => {
      if (fsync === 'interval') this.writer.requestSync();
      this.ackWriter.requestSync();
    }, fsyncIntervalMs);
    this.syncTimer.unref();
  }

  private countRejections(rejected: RejectedInput[]): void {
    let full = 0;
    for (const input of rejected) if (input.reason === 'spool_full') full++;

    this.metrics.countRejected('spool_full', full);
    this.metrics.countRejected('too_large', rejected.length - full);
    if (full > 0) this.rejectedSinceSpaceFreed = true;
  }

  private async shutdown(): Promise<void> {
    this.state = 'closing';
    if (this.syncTimer) clearInterval(this.syncTimer);
    const pendingStopped = this.pending.stop();

    await this.writer.drain();
    await pendingStopped;
    await this.ackWriter.drain();

    // From here ack() is ignored, so the second drain writes everything recorded so far.
    this.state = 'closed';
    await this.ackWriter.drain();
    await this.writer.close();
    await this.ackWriter.close();

    this.metrics.unregister();
    this.options.logger.info(
      { directory: this.options.directory, pendingEntries: this.stats().pendingEntries },
      'spool closed',
    );
  }
}
