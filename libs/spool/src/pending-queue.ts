import { readDiskEntries, type DiskCursor, type DiskReadResult } from './disk-reader';
import { EntryQueue } from './entry-queue';
import type { FailureLog } from './failure-log';
import type { RecoveredState } from './recovery';
import type { Segment, SegmentSet } from './segment';
import type { PendingEntry } from './segment-writer';
import type { SpoolMetrics } from './spool-metrics';
import type { SpoolEntry } from './types';

const REFILL_RETRY_MS = 1000;

interface TakeWaiter {
  max: number;
  resolve(entries: SpoolEntry[]): void;
}

/**
 * The committed, unacknowledged entries in seq order: the first ones in
 * memory, the rest on disk only, and those handed out by take(). Disk-only
 * entries are read back in batches once memory is at most half full.
 */
export class PendingQueue {
  /** Entries waiting for take() in memory, all with lower seqs than the disk-only ones. */
  private readonly memory = new EntryQueue<SpoolEntry>();
  /** receivedAt of each entry returned by take() and not yet acknowledged, in seq order. */
  private readonly taken = new Map<number, number>();
  /** Committed entries waiting on disk only, which form one run from diskCursor to the newest entry. */
  private diskOnlyCount = 0;
  private diskCursor: DiskCursor | null = null;
  private diskHeadReceivedAt: number | null = null;

  private waiters: TakeWaiter[] = [];
  private refilling: Promise<void> | null = null;
  private refillRetryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly segments: SegmentSet,
    private readonly maxMemoryEntries: number,
    private readonly metrics: SpoolMetrics,
    private readonly failures: FailureLog,
  ) {}

  get inMemoryEntries(): number {
    return this.memory.length;
  }

  get diskOnlyEntries(): number {
    return this.diskOnlyCount;
  }

  get takenEntries(): number {
    return this.taken.size;
  }

  /** Returns the receivedAt of the pending entry with the lowest seq, or null when none is pending. */
  oldestReceivedAt(): number | null {
    // Map iteration follows insertion order, and take() inserts in seq order.
    for (const receivedAt of this.taken.values()) return receivedAt;
    return this.memory.peek()?.receivedAt ?? this.diskHeadReceivedAt;
  }

  /** Takes over the entries found at open. */
  adopt(recovered: RecoveredState): void {
    for (const entry of recovered.memoryEntries) this.memory.push(entry);
    this.diskOnlyCount = recovered.diskOnlyCount;
    this.diskCursor = recovered.diskCursor;
    this.diskHeadReceivedAt = recovered.diskHeadReceivedAt;
  }

  /** Queues newly committed entries, in memory while it has room and no older entry waits on disk. */
  addCommitted(entries: PendingEntry[]): void {
    for (const entry of entries) {
      if (this.diskOnlyCount === 0 && this.memory.length < this.maxMemoryEntries) {
        const { seq, id, receivedAt, body, attachment } = entry;
        this.memory.push({ seq, id, receivedAt, body, attachment });
        continue;
      }

      // An entry waits on disk only when memory is full or older entries wait on disk, so order holds.
      if (this.diskOnlyCount === 0) {
        this.diskCursor = { segment: entry.segment as Segment, offset: entry.offset };
        this.diskHeadReceivedAt = entry.receivedAt;
      }
      this.diskOnlyCount++;
    }
    this.serveWaiters();
  }

  /** Returns up to `max` entries, waiting for one if none is ready. Returns [] once stopped. */
  take(max: number): Promise<SpoolEntry[]> {
    if (this.stopped) return Promise.resolve([]);
    if (this.memory.length > 0) return Promise.resolve(this.takeFromMemory(max));

    this.startRefill();
    return new Promise((resolve) => this.waiters.push({ max, resolve }));
  }

  /** Removes a taken entry and returns false if `seq` was not taken or is already removed. */
  removeTaken(seq: number): boolean {
    return this.taken.delete(seq);
  }

  /** Resolves waiting take() calls with [], stops reading from disk and waits for a read in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refillRetryTimer) clearTimeout(this.refillRetryTimer);
    for (const waiter of this.waiters.splice(0)) waiter.resolve([]);
    while (this.refilling) await this.refilling;
  }

  private takeFromMemory(max: number): SpoolEntry[] {
    const entries = this.memory.shift(max);
    for (const entry of entries) this.taken.set(entry.seq, entry.receivedAt);
    this.startRefill();
    return entries;
  }

  private serveWaiters(): void {
    while (this.waiters.length > 0 && this.memory.length > 0) {
      const waiter = this.waiters.shift() as TakeWaiter;
      waiter.resolve(this.takeFromMemory(waiter.max));
    }
  }

  private startRefill(): void {
    if (this.refilling || this.refillRetryTimer || this.stopped) return;
    if (this.diskOnlyCount === 0 || this.memory.length > this.maxMemoryEntries / 2) return;

    this.refilling = this.refill().finally(() => {
      this.refilling = null;
      this.startRefill();
    });
  }

  private async refill(): Promise<void> {
    const cursor = this.diskCursor as DiskCursor;
    const maxEntries = Math.min(this.maxMemoryEntries - this.memory.length, this.diskOnlyCount);
    let result: DiskReadResult;

    try {
      result = await readDiskEntries(
        this.segments,
        cursor,
        maxEntries,
        (segment, start, end, afterSeq) => this.reportCorruptRead(segment, start, end, afterSeq),
      );
    } catch (error) {
      this.metrics.readErrors.inc();
      this.failures.error(
        'disk_read',
        { err: error, segment: cursor.segment.logName, offset: cursor.offset },
        'reading spooled entries back from disk failed; retrying in 1 s',
      );
      this.refillRetryTimer = setTimeout(() => {
        this.refillRetryTimer = null;
        this.startRefill();
      }, REFILL_RETRY_MS);
      this.refillRetryTimer.unref();
      return;
    }

    for (const entry of result.entries) this.memory.push(entry);
    this.diskOnlyCount -= result.entries.length;
    this.diskCursor = result.cursor;
    if (result.nextReceivedAt !== null) this.diskHeadReceivedAt = result.nextReceivedAt;
    if (result.reachedEnd) this.dropUnreadableEntries(result.cursor);

    if (this.diskOnlyCount === 0) {
      this.diskCursor = null;
      this.diskHeadReceivedAt = null;
    }
    this.serveWaiters();
  }

  /**
   * Stops waiting for disk-only entries that the reader could not find because
   * their records are corrupt. Entries committed while the read was running
   * are not lost, so the end is checked again here.
   */
  private dropUnreadableEntries(cursor: DiskCursor): void {
    const atEnd =
      cursor.offset >= cursor.segment.committedBytes && !this.segments.after(cursor.segment);
    if (!atEnd || this.diskOnlyCount === 0) return;

    // NOTE: the segments of lost entries keep a liveCount above zero, so they are deleted only at the next open.
    this.failures.error(
      'entries_unreadable',
      { lost: this.diskOnlyCount, segment: cursor.segment.logName, seq: cursor.segment.lastSeq },
      'spooled entries could not be read back because their records are corrupt; they are lost',
    );
    this.diskOnlyCount = 0;
  }

  private reportCorruptRead(
    segment: Segment,
    start: number,
    end: number,
    afterSeq: number | null,
  ): void {
    this.metrics.corruptRecords.inc();
    this.failures.error(
      'corrupt_read',
      { segment: segment.logName, start, end, bytes: end - start, afterSeq },
      'skipped corrupt bytes while reading spooled entries back from disk; entries stored there are lost',
    );
  }
}
