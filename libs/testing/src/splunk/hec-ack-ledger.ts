/**
 * Indexer acknowledgement state per channel. Each accepted request gets the
 * next ackId of its channel. A query returns true for a pending id and then
 * forgets it, so a second query returns false, as Splunk does after it
 * reported an id.
 */
export class HecAckLedger {
  private readonly channels = new Map<string, { nextId: number; pending: Set<number> }>();
  private withheld = false;

  /** Assigns the next ackId on `channel`. */
  assign(channel: string): number {
    const state = this.channels.get(channel) ?? { nextId: 0, pending: new Set<number>() };
    this.channels.set(channel, state);

    const id = state.nextId;
    state.nextId += 1;
    state.pending.add(id);
    return id;
  }

  /** Returns the status of `ids` on `channel`: true for each pending id unless acknowledgements are withheld. */
  query(channel: string, ids: readonly number[]): Record<string, boolean> {
    const state = this.channels.get(channel);
    const answer: Record<string, boolean> = {};
    for (const id of ids) {
      const indexed = !this.withheld && state?.pending.has(id) === true;
      if (indexed) state?.pending.delete(id);
      answer[String(id)] = indexed;
    }
    return answer;
  }

  /** Makes queries return false, as if indexing were slow or the data lost. */
  hold(): void {
    this.withheld = true;
  }

  release(): void {
    this.withheld = false;
  }

  /** Returns the ids on `channel` not yet reported as indexed. */
  pending(channel: string): number[] {
    return [...(this.channels.get(channel)?.pending ?? [])];
  }
}
