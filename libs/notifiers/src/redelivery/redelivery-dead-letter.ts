import type { Finding } from '@talaria/falco-event';
import type { DeadLetterRecord, DeadLetterSink, FirstDeadLetter } from '../delivery/dead-letter';

/**
 * The dead letter of a redelivery. It passes records on to another sink and
 * adds to each one when and why its output first gave up on the finding.
 * Without that, a finding that fails again would show only its newest error,
 * and a later run could not tell a finding that failed once from one that has
 * failed since the first outage.
 */
export class RedeliveryDeadLetter implements DeadLetterSink {
  // Keyed by the finding object: each record read gets a finding object of its own.
  private readonly firsts = new WeakMap<Finding, FirstDeadLetter>();

  constructor(private readonly inner: DeadLetterSink) {}

  /** Notes the record a finding is sent again from, before it is sent. */
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
