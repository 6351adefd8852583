/** The first message posted for a fingerprint, which later summaries reply to. */
export interface ThreadParent {
  /** Channel as routed by the configuration, such as `#security-alerts`. */
  routedChannel: string;
  /** Channel ID Slack returned, such as `C0123456789`. */
  channel: string;
  /** Message timestamp; with the channel ID it identifies the message. */
  ts: string;
}

/**
 * Remembers the first message posted for each fingerprint, so that later
 * summaries of the same finding go into its thread. It keeps at most
 * `capacity` entries and evicts the least recently used one first.
 */
export class ThreadCache {
  // A Map iterates in insertion order, so re-inserting on use keeps the oldest entry first.
  private readonly parents = new Map<string, ThreadParent>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`thread cache capacity must be a positive integer; got ${capacity}`);
    }
  }

  get size(): number {
    return this.parents.size;
  }

  /** Returns the first message for a fingerprint and marks it as recently used. */
  get(fingerprint: string): ThreadParent | undefined {
    const parent = this.parents.get(fingerprint);
    if (parent === undefined) return undefined;

    this.parents.delete(fingerprint);
    this.parents.set(fingerprint, parent);
    return parent;
  }

  /** Records the first message for a fingerprint, evicting the least recently used entry when full. */
  remember(fingerprint: string, parent: ThreadParent): void {
    this.parents.delete(fingerprint);
    this.parents.set(fingerprint, parent);

    if (this.parents.size > this.capacity) {
      const oldest = this.parents.keys().next().value as string;
      this.parents.delete(oldest);
    }
  }

  /** Forgets a fingerprint, for example after Slack reported its message gone. */
  forget(fingerprint: string): void {
    this.parents.delete(fingerprint);
  }
}
