interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A least-recently-used cache whose entries also expire. A Map keeps
 * insertion order, so moving an entry to the end on every read makes the
 * first key the least recently used one.
 */
export class TtlLruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`cache size must be a whole number of at least 1; got ${maxEntries}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Returns the value, or undefined when it is absent or expired (an expired entry is dropped). */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value for `ttlMs` milliseconds, evicting the least recently used entry when full. */
  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
