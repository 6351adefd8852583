import type { Finding } from '@talaria/falco-event';
import type { DeadLetterRecord, DeadLetterSink, FirstDeadLetter } from '../delivery/dead-letter';

/**
 * Dead-letter sink of a redelivery. It passes records on to another sink and
 * adds `firstDeadLetter` to each: when and why the output first gave up on the
 * finding, so a finding that fails again keeps its original cause.
 */
export class RedeliveryDeadLetter implements DeadLetterSink {
  // Keyed by the finding object, because each record read gets a finding object of its own.
  private readonly firsts = new WeakMap<Finding, FirstDeadLetter>();

  constructor(private readonly inner: DeadLetterSink) {}

  /** Records where a finding comes from; call it before the finding is sent again. */
  remember(record: DeadLetterRecord): void {
    this.firsts.set(record.finding, firstDeadLetterOf(record));
  }

  write(records: DeadLetterRecord[]): Promise<void> {
    return this.inner.write(records.map((record) => this.withFirst(record)));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private withFirst(record: DeadLetterRecord): DeadLetterRecord {
    const first = this.firsts.get(record.finding);
    if (first === undefined) return record;

    // Spelled out so the finding stays the last key, as in every dead-letter line.
    const { deadLetteredAt, output, reason, attempts, lastError, finding } = record;
    return {
      deadLetteredAt,
      output,
      reason,
      attempts,
      ...(lastError === undefined ? {} : { lastError }),
      firstDeadLetter: first,
      finding,
    };
  }
}

// A record from an earlier redelivery already names the first time, and a damaged one is ignored.
function firstDeadLetterOf(record: DeadLetterRecord): FirstDeadLetter {
  const earlier = record.firstDeadLetter as Partial<FirstDeadLetter> | undefined;
  if (
    earlier !== null &&
    typeof earlier === 'object' &&
    typeof earlier.deadLetteredAt === 'string' &&
    typeof earlier.reason === 'string'
  ) {
    return {
      deadLetteredAt: earlier.deadLetteredAt,
      reason: earlier.reason,
      attempts: typeof earlier.attempts === 'number' ? earlier.attempts : 0,
      ...(typeof earlier.lastError === 'string' ? { lastError: earlier.lastError } : {}),
    };
  }

  return {
    deadLetteredAt: record.deadLetteredAt,
    reason: record.reason,
    attempts: record.attempts,
    ...(record.lastError === undefined ? {} : { lastError: record.lastError }),
  };
}
