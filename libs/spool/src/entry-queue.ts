const COMPACT_AFTER = 1024;

/** First-in first-out queue with O(1) removal from the front. */
export class EntryQueue<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.length > 0 ? this.items[this.head] : undefined;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns up to `max` items from the front. */
  shift(max: number): T[] {
    const end = Math.min(this.head + max, this.items.length);
    const removed = this.items.slice(this.head, end) as T[];

    // A removed entry left in its slot would keep its body and parsed alert alive
    // until the next compaction, long enough for V8 to promote them.
    this.items.fill(undefined, this.head, end);
    this.head = end;

    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      // Drop the consumed front once it is at least half the array, so memory is returned.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return removed;
  }
}
