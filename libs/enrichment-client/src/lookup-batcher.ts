import type { OwnerAnswer, WorkloadQuery } from './resolve-wire';

interface Pending {
  query: WorkloadQuery;
  waiters: Array<{ resolve: (answer: OwnerAnswer) => void; reject: (error: unknown) => void }>;
}

export interface LookupBatcherOptions {
  /** How long the first lookup of a batch waits for others to join it. */
  windowMs: number;
  /** Maximum queries in one request; a full batch is sent at once. */
  maxBatchSize: number;
  /** Sends queries and returns one answer per query, in order; keys are passed along for caching. */
  send(queries: WorkloadQuery[], keys: string[]): Promise<OwnerAnswer[]>;
}

/**
 * Gathers lookups that arrive close together into one request, and lookups
 * of the same key into one query, so a storm of alerts from one pod costs a
 * single row in a single request.
 */
export class LookupBatcher {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LookupBatcherOptions) {}

  lookup(key: string, query: WorkloadQuery): Promise<OwnerAnswer> {
    return new Promise((resolve, reject) => {
      const existing = this.pending.get(key);
      if (existing !== undefined) {
        existing.waiters.push({ resolve, reject });
        return;
      }

      this.pending.set(key, { query, waiters: [{ resolve, reject }] });
      if (this.pending.size >= this.options.maxBatchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  /** Sends what is waiting now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;

    const keys = [...this.pending.keys()];
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.options
      .send(
        batch.map((entry) => entry.query),
        keys,
      )
      .then(
        (answers) =>
          batch.forEach((entry, index) =>
            entry.waiters.forEach((waiter) => waiter.resolve(answers[index])),
          ),
        (error: unknown) =>
          batch.forEach((entry) => entry.waiters.forEach((waiter) => waiter.reject(error))),
      );
  }
}
