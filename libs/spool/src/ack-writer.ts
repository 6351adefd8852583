import { constants } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { encodeAcks } from './ack-log';
import type { FailureLog } from './failure-log';
import type { DiskWriter } from './disk-writer';
import { errorCode } from './file-io';
import type { FsyncPolicy } from './options';
import type { Segment, SegmentSet } from './segment';
import { SerialRunner } from './serial-runner';
import type { SpoolMetrics } from './spool-metrics';

// Write from an explicit offset rather than in append mode, so a write that
// fails halfway is overwritten by the next one instead of misaligning the log.
const ACK_LOG_FLAGS = constants.O_WRONLY | constants.O_CREAT;

/**
 * Appends acknowledgements to each segment's acknowledgement log, one write per
 * segment per run, and deletes the files of segments that are fully acknowledged.
 */
export class AckWriter {
  private queued = new Map<Segment, number[]>();
  private retiring: Segment[] = [];
  private syncRequested = false;
  private readonly runner: SerialRunner;

  constructor(
    private readonly fsync: FsyncPolicy,
    private readonly segments: SegmentSet,
    private readonly disk: DiskWriter,
    private readonly failures: FailureLog,
    private readonly metrics: SpoolMetrics,
    private readonly onSpaceFreed: () => void,
  ) {
    this.runner = new SerialRunner(
      () => this.run(),
      () => this.queued.size > 0 || this.retiring.length > 0 || this.syncRequested,
      (error) =>
        this.failures.error(
          'ack_writer',
          { err: error },
          'spool acknowledgement writer failed unexpectedly',
        ),
    );
  }

  record(segment: Segment, seq: number): void {
    const seqs = this.queued.get(segment);
    if (seqs) seqs.push(seq);
    else this.queued.set(segment, [seq]);
    this.runner.schedule();
  }

  /** Marks a sealed, fully acknowledged segment for deletion. */
  retire(segment: Segment): void {
    if (segment.retired) return;
    segment.retired = true;
    this.retiring.push(segment);
    this.runner.schedule();
  }

  /** Requests an fdatasync of every acknowledgement log with unsynced writes. */
  requestSync(): void {
    this.syncRequested = true;
    this.runner.schedule();
  }

  drain(): Promise<void> {
    return this.runner.drain();
  }

  /** Syncs (unless `fsync: never`) and closes every acknowledgement log. Call after drain(). */
  async close(): Promise<void> {
    await this.syncDirty();
    for (const segment of this.segments) await this.closeAckLog(segment);
  }

  private async run(): Promise<void> {
    while (this.queued.size > 0 || this.retiring.length > 0 || this.syncRequested) {
      const batch = this.queued;
      this.queued = new Map();
      for (const [segment, seqs] of batch) {
        // A retired segment is about to be deleted, so its acknowledgements need no record.
        if (!segment.retired) await this.writeAcks(segment, seqs);
      }

      const retiring = this.retiring;
      this.retiring = [];
      for (const segment of retiring) await this.deleteSegment(segment);

      if (this.syncRequested) {
        this.syncRequested = false;
        await this.syncDirty();
      }
    }
  }

  private async writeAcks(segment: Segment, seqs: number[]): Promise<void> {
    try {
      segment.ackHandle ??= await open(segment.ackPath, ACK_LOG_FLAGS, 0o644);
      const buffer = encodeAcks(seqs);
      await this.disk.write(segment.ackHandle, buffer, segment.ackBytes);
      this.segments.setAckBytes(segment, segment.ackBytes + buffer.length);
      segment.ackDirty = this.fsync !== 'never';
    } catch (error) {
      this.metrics.writeErrors.inc();
      this.failures.error(
        'ack_write',
        { err: error, segment: segment.logName, firstSeq: seqs[0], count: seqs.length },
        'writing spool acknowledgements failed; these entries will be delivered again after a restart',
      );
    }
  }

  /** Deletes the log before the acknowledgement log, so a crash in between cannot bring back acknowledged entries. */
  private async deleteSegment(segment: Segment): Promise<void> {
    await this.closeAckLog(segment);

    try {
      await unlink(segment.logPath);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        // NOTE: the segment's bytes stay counted against maxBytes until a restart deletes the file.
        this.metrics.writeErrors.inc();
        this.failures.error(
          'segment_delete',
          { err: error, segment: segment.logName, seq: segment.lastSeq },
          'deleting a fully acknowledged spool segment failed; the next start retries',
        );
        return;
      }
    }

    try {
      await unlink(segment.ackPath);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        this.metrics.writeErrors.inc();
        this.failures.error(
          'ack_delete',
          { err: error, segment: segment.logName, seq: segment.lastSeq },
          'deleting a spool acknowledgement log failed; the next start removes it',
        );
      }
    }

    this.segments.remove(segment);
    this.onSpaceFreed();
  }

  private async syncDirty(): Promise<void> {
    for (const segment of this.segments) {
      if (!segment.ackDirty || !segment.ackHandle) continue;

      segment.ackDirty = false;
      try {
        await segment.ackHandle.datasync();
      } catch (error) {
        segment.ackDirty = true;
        this.metrics.writeErrors.inc();
        this.failures.error(
          'ack_sync',
          { err: error, segment: segment.logName, seq: segment.lastSeq },
          'fdatasync of a spool acknowledgement log failed; acknowledged entries may be delivered again after a power loss',
        );
      }
    }
  }

  private async closeAckLog(segment: Segment): Promise<void> {
    const handle = segment.ackHandle;
    segment.ackHandle = null;
    if (!handle) return;

    try {
      await handle.close();
    } catch (error) {
      this.metrics.writeErrors.inc();
      this.failures.error(
        'ack_close',
        { err: error, segment: segment.logName },
        'closing a spool acknowledgement log failed',
      );
    }
  }
}
