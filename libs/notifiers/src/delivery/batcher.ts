import { BoundedQueue } from './bounded-queue';

export interface BatcherOptions {
  /** Maximum items waiting; `offer` rejects more. */
  maxQueue: number;
  /** Maximum items in one batch. */
  batchSize: number;
  /** Maximum time in ms the oldest waiting item lingers before a partial batch is released. */
  lingerMs: number;
}

interface Waiting<T> {
  item: T;
  enqueuedAt: number;
}

/**
 * Collects items into batches: a batch is ready when it is full, when its
 * oldest item has waited `lingerMs`, or when the caller flushes.
 */
export class Batcher<T> {
  private readonly queue: BoundedQueue<Waiting<T>>;

  constructor(readonly options: BatcherOptions) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new RangeError(`batch size must be a positive integer; got ${options.batchSize}`);
    }
    if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0) {
      throw new RangeError(`linger must be zero or more milliseconds; got ${options.lingerMs}`);
    }
    this.queue = new BoundedQueue(options.maxQueue);
  }

  get size(): number {
    return this.queue.size;
  }

  /** Adds an item; returns false when the queue is full. */
  offer(item: T, now: number): boolean {
    return this.queue.push({ item, enqueuedAt: now });
  }

  /** Removes and returns the next batch if one is ready, or every waiting item's first batch when `flush` is set. */
  takeReady(now: number, flush: boolean): T[] | undefined {
    if (this.queue.size === 0) return undefined;
    if (!flush && this.msUntilReady(now) > 0) return undefined;
    return this.queue.shiftMany(this.options.batchSize).map((waiting) => waiting.item);
  }

  /** Time in ms until the next batch is ready; 0 when ready now, Infinity when nothing waits. */
  msUntilReady(now: number): number {
    const oldest = this.queue.peek();
    if (oldest === undefined) return Infinity;
    if (this.queue.size >= this.options.batchSize) return 0;
    return Math.max(0, oldest.enqueuedAt + this.options.lingerMs - now);
  }

  /** Removes and returns the items that have waited since `cutoff` (epoch ms) or longer. */
  takeWaitingSince(cutoff: number): T[] {
    const expired: T[] = [];

    // Items enter in time order, so the oldest is always at the head.
    let oldest = this.queue.peek();
    while (oldest !== undefined && oldest.enqueuedAt <= cutoff) {
      expired.push(oldest.item);
      this.queue.shiftMany(1);
      oldest = this.queue.peek();
    }
    return expired;
  }

  /** Removes and returns every waiting item. */
  takeAll(): T[] {
    return this.queue.shiftMany(this.queue.size).map((waiting) => waiting.item);
  }
}
