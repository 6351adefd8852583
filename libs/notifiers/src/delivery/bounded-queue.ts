/** First-in first-out queue that rejects items beyond a fixed capacity instead of growing. */
export class BoundedQueue<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`queue capacity must be a positive integer; got ${capacity}`);
    }
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Appends an item; returns false and keeps nothing when the queue is full. */
  push(item: T): boolean {
    if (this.size >= this.capacity) return false;
    this.items.push(item);
    return true;
  }

  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** Removes and returns up to `count` items from the front. */
  shiftMany(count: number): T[] {
    const end = Math.min(this.items.length, this.head + Math.max(0, count));
    const removed = this.items.slice(this.head, end) as T[];
    // A removed item left in its slot would stay reachable until the next compaction.
    this.items.fill(undefined, this.head, end);
    this.head = end;
    this.compact();
    return removed;
  }

  /** Drops consumed slots once they make up most of the array, so shifting stays O(1) amortised. */
  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
      return;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
