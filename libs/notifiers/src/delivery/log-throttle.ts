/**
 * Rate-limits repeated log lines per key: the first occurrence is logged, then
 * at most one per interval, and each logged line reports how many were
 * skipped since the previous one. Metrics still count every occurrence.
 */
export class LogThrottle {
  private readonly lastLoggedAt = new Map<string, number>();
  private readonly skipped = new Map<string, number>();

  constructor(
    readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns undefined when this occurrence should not be logged, else the count skipped before it. */
  admit(key: string): { suppressed: number } | undefined {
    const now = this.now();
    const last = this.lastLoggedAt.get(key);
    if (last !== undefined && now - last < this.intervalMs) {
      this.skipped.set(key, (this.skipped.get(key) ?? 0) + 1);
      return undefined;
    }

    const suppressed = this.skipped.get(key) ?? 0;
    this.lastLoggedAt.set(key, now);
    this.skipped.delete(key);
    return { suppressed };
  }

  /**
   * Returns the occurrences skipped under `key` and starts a new interval, for
   * a caller that logs them itself, for example when its interval ends.
   */
  release(key: string): number {
    const suppressed = this.skipped.get(key) ?? 0;
    this.lastLoggedAt.set(key, this.now());
    this.skipped.delete(key);
    return suppressed;
  }
}
