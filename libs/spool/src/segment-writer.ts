import { open, type FileHandle } from 'node:fs/promises';
import type { ResolvedSpoolOptions } from './options';
import { SpoolError } from './errors';
import type { FailureLog } from './failure-log';
import type { DiskWriter } from './disk-writer';
import { syncDirectory } from './file-io';
import { encodeRecord, type EncodableEntry } from './record-codec';
import { Segment, type SegmentSet } from './segment';
import { SerialRunner } from './serial-runner';
import type { SpoolMetrics } from './spool-metrics';

/** An admitted entry on its way to disk. The writer fills in `segment` and `offset`. */
export interface PendingEntry extends EncodableEntry {
  attachment: unknown;
  segment: Segment | null;
  offset: number;
}

/** The entries of one append call, settled together. */
export interface PendingAppend {
  entries: PendingEntry[];
  resolve(): void;
  reject(error: SpoolError): void;
}

export interface WriterEvents {
  /** Entries now on disk (and synced under `fsync: always`), in seq order, before their appends resolve. */
  committed(entries: PendingEntry[]): void;
  /** A segment was closed for writing; called after the entries written to it are committed. */
  sealed(segment: Segment): void;
}

type WriterSettings = Pick<ResolvedSpoolOptions, 'directory' | 'segmentBytes' | 'fsync'>;

/**
 * Appends records to the active segment file. All appends queued before a
 * write starts go out in one write call (two when the segment rolls over), so
 * concurrent appends share one system call and, under `fsync: always`, one fdatasync.
 */
export class SegmentWriter {
  /** Bytes of admitted entries not yet written. */
  queuedBytes = 0;
  private queue: PendingAppend[] = [];
  private active: Segment | null = null;
  private handle: FileHandle | null = null;
  private syncRequested = false;
  /** Segments sealed during the current group, announced only after its entries are committed. */
  private sealedInGroup: Segment[] = [];
  private readonly runner: SerialRunner;

  constructor(
    private readonly settings: WriterSettings,
    private readonly segments: SegmentSet,
    private readonly disk: DiskWriter,
    private readonly failures: FailureLog,
    private readonly metrics: SpoolMetrics,
    private readonly events: WriterEvents,
  ) {
    this.runner = new SerialRunner(
      () => this.run(),
      () => this.queue.length > 0 || this.syncRequested,
      (error) => this.failures.error('writer', { err: error }, 'spool writer failed unexpectedly'),
    );
  }

  /** Opens the active segment: `reuse` if given (an empty recovered segment), else a new file named `firstSeq`. */
  async start(firstSeq: number, reuse?: Segment): Promise<void> {
    if (reuse) {
      this.handle = await open(reuse.logPath, 'r+');
      this.active = reuse;
      return;
    }
    await this.openSegment(firstSeq);
  }

  enqueue(append: PendingAppend): void {
    for (const entry of append.entries) this.queuedBytes += entry.recordBytes;
    this.queue.push(append);
    this.runner.schedule();
  }

  /** Requests an fdatasync of the active segment if it has unsynced writes. */
  requestSync(): void {
    if (!this.active?.logDirty) return;
    this.syncRequested = true;
    this.runner.schedule();
  }

  /** Resolves once every queued append is settled. */
  drain(): Promise<void> {
    return this.runner.drain();
  }

  /** Syncs (unless `fsync: never`) and closes the active segment. Call after drain(). */
  async close(): Promise<void> {
    if (this.active?.logDirty) await this.syncActive();
    await this.closeHandle();
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0 || this.syncRequested) {
      if (this.queue.length > 0) {
        const group = this.queue;
        this.queue = [];
        await this.writeGroup(group);
      }
      if (this.syncRequested) {
        this.syncRequested = false;
        await this.syncActive();
      }
    }
  }

  private async writeGroup(group: PendingAppend[]): Promise<void> {
    const entries = group.flatMap((append) => append.entries);
    let written = 0;
    let failure: unknown = null;

    try {
      while (written < entries.length) {
        if (this.mustRoll(entries[written])) await this.roll(entries[written].seq);
        written = await this.writeChunk(entries, written);
      }
    } catch (error) {
      failure = error;
      await this.handleWriteFailure(entries, written, error);
    }

    this.commit(entries.slice(0, written));

    // Announce sealed segments only now: before the commit their liveCount does
    // not include this group's entries, and a zero count would retire them.
    const sealed = this.sealedInGroup;
    this.sealedInGroup = [];
    for (const segment of sealed) {
      segment.complete = true;
      this.events.sealed(segment);
    }

    this.settle(group, written, failure);
  }

  /** Writes the entries from `start` that fit in the active segment and returns the index after them. */
  private async writeChunk(entries: PendingEntry[], start: number): Promise<number> {
    const segment = this.active as Segment;
    const handle = this.handle as FileHandle;
    const end = this.chunkEnd(entries, start, segment.fileBytes);

    let size = 0;
    for (let index = start; index < end; index++) size += entries[index].recordBytes;
    const buffer = Buffer.allocUnsafe(size);

    let position = 0;
    for (let index = start; index < end; index++) {
      const entry = entries[index];
      entry.segment = segment;
      entry.offset = segment.fileBytes + position;
      position = encodeRecord(buffer, position, entry);
    }

    await this.disk.write(handle, buffer, segment.fileBytes);
    if (this.settings.fsync === 'always') await handle.datasync();

    this.segments.setFileBytes(segment, segment.fileBytes + size);
    this.queuedBytes -= size;
    segment.lastSeq = entries[end - 1].seq;
    segment.logDirty = this.settings.fsync === 'interval';
    return end;
  }

  /** Returns the end of the run of entries from `start` that fits in a segment already holding `usedBytes`. */
  private chunkEnd(entries: PendingEntry[], start: number, usedBytes: number): number {
    let bytes = usedBytes;
    let end = start;

    // The first entry always goes in, because mustRoll() already started a new segment if needed.
    while (
      end < entries.length &&
      (end === start || bytes + entries[end].recordBytes <= this.settings.segmentBytes)
    ) {
      bytes += entries[end].recordBytes;
      end++;
    }
    return end;
  }

  private mustRoll(next: PendingEntry): boolean {
    const segment = this.active;
    if (!segment || !this.handle || segment.sealed) return true;
    return (
      segment.fileBytes > 0 && segment.fileBytes + next.recordBytes > this.settings.segmentBytes
    );
  }

  /** Seals the active segment and opens a new one named `firstSeq`. */
  private async roll(firstSeq: number): Promise<void> {
    const previous = this.active;
    if (previous && !previous.sealed) {
      if (previous.logDirty) await this.syncActive();
      await this.closeHandle();
      previous.sealed = true;
      this.sealedInGroup.push(previous);
    }
    await this.openSegment(firstSeq);
  }

  private async openSegment(firstSeq: number): Promise<void> {
    const segment = new Segment(this.settings.directory, firstSeq);

    // 'wx' fails if the file exists, which would mean a second writer in the directory.
    this.handle = await open(segment.logPath, 'wx');
    this.segments.add(segment);
    this.active = segment;

    if (this.settings.fsync === 'never') return;
    try {
      await syncDirectory(this.settings.directory);
    } catch (error) {
      this.metrics.writeErrors.inc();
      this.failures.error(
        'directory_sync',
        { err: error, directory: this.settings.directory, segment: segment.logName, seq: firstSeq },
        'fsync of the spool directory failed; a power loss may lose the new segment file',
      );
    }
  }

  /**
   * Returns the active segment to its last good size after a failed write, so
   * the next write does not follow a torn record. If that fails too, the
   * segment is sealed and the next write starts a new one.
   */
  private async handleWriteFailure(
    entries: PendingEntry[],
    written: number,
    error: unknown,
  ): Promise<void> {
    const failed = entries.slice(written);
    for (const entry of failed) this.queuedBytes -= entry.recordBytes;

    const segment = this.active;
    this.metrics.writeErrors.inc();
    this.failures.error(
      'segment_write',
      {
        err: error,
        segment: segment?.logName,
        firstSeq: failed[0].seq,
        lastSeq: failed[failed.length - 1].seq,
      },
      'writing to a spool segment failed; the appends of these entries were rejected',
    );

    if (!segment || !this.handle || segment.sealed) return;
    try {
      await this.handle.truncate(segment.fileBytes);
    } catch (truncateError) {
      this.metrics.writeErrors.inc();
      this.failures.error(
        'segment_truncate',
        { err: truncateError, segment: segment.logName, seq: failed[0].seq },
        'truncating a spool segment after a failed write failed; starting a new segment',
      );
      segment.sealed = true;
      await this.closeHandle();
      this.sealedInGroup.push(segment);
    }
  }

  /** Makes written entries visible to readers and counts them as live in their segments. */
  private commit(entries: PendingEntry[]): void {
    if (entries.length === 0) return;

    for (const entry of entries) {
      const segment = entry.segment as Segment;
      segment.liveCount++;
      segment.committedBytes = entry.offset + entry.recordBytes;
    }
    this.events.committed(entries);
  }

  private settle(group: PendingAppend[], written: number, failure: unknown): void {
    let index = 0;

    for (const append of group) {
      index += append.entries.length;
      if (index <= written) {
        append.resolve();
        continue;
      }

      const first = append.entries[0];
      append.reject(
        new SpoolError(
          'write_failed',
          `Writing spool entries ${first.seq} to ${first.seq + append.entries.length - 1} failed: ${describeError(failure)}. Check free space and permissions in the spool directory.`,
          { firstSeq: first.seq, count: append.entries.length, segment: first.segment?.logName },
          { cause: failure },
        ),
      );
    }
  }

  private async syncActive(): Promise<void> {
    const segment = this.active;
    if (!segment || !this.handle) return;

    segment.logDirty = false;
    try {
      await this.handle.datasync();
    } catch (error) {
      segment.logDirty = true;
      this.metrics.writeErrors.inc();
      this.failures.error(
        'segment_sync',
        { err: error, segment: segment.logName, seq: segment.lastSeq },
        'fdatasync of a spool segment failed; its latest entries may not survive a power loss',
      );
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (!handle) return;

    try {
      await handle.close();
    } catch (error) {
      this.metrics.writeErrors.inc();
      this.failures.error(
        'segment_close',
        { err: error, segment: this.active?.logName },
        'closing a spool segment failed',
      );
    }
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
