import type { DeadLetterRecord, DeadLetterSink } from '../../src/delivery/dead-letter';

/** Dead-letter sink that keeps records in memory, or fails every write when `failWrites` is set. */
export class MemoryDeadLetter implements DeadLetterSink {
  readonly records: DeadLetterRecord[] = [];
  failWrites = false;
  closed = false;

  async write(records: DeadLetterRecord[]): Promise<void> {
    if (this.failWrites) throw new Error('disk full');
    this.records.push(...records);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
