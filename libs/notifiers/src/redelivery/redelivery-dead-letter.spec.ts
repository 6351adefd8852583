import { makeFinding } from '../../test/support/findings';
import { MemoryDeadLetter } from '../../test/support/memory-dead-letter';
import type { DeadLetterRecord } from '../delivery/dead-letter';
import { RedeliveryDeadLetter } from './redelivery-dead-letter';

function record(overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord {
  return {
    deadLetteredAt: '2026-12-05T07:01:00.000Z',
    output: 'siem',
    reason: 'output_down',
    attempts: 2,
    lastError: 'HTTP 503',
    finding: makeFinding(),
    ...overrides,
  };
}

function setup() {
  const inner = new MemoryDeadLetter();
  return { inner, deadLetter: new RedeliveryDeadLetter(inner) };
}

describe('RedeliveryDeadLetter', () => {
  it('adds the remembered record as first', async () => {
    const { inner, deadLetter } = setup();
    const original = record();
    deadLetter.remember(original);

    await deadLetter.write([record({ reason: 'not_retryable', finding: original.finding })]);

    expect(inner.records[0].reason).toBe('not_retryable');
    expect(inner.records[0].firstDeadLetter).toEqual({
      deadLetteredAt: '2026-12-05T07:01:00.000Z',
      reason: 'output_down',
      attempts: 2,
      lastError: 'HTTP 503',
    });
    expect(Object.keys(inner.records[0]).at(-1)).toBe('finding');
  });

  it('keeps an earlier first dead letter', async () => {
    const { inner, deadLetter } = setup();
    const earlier = {
      deadLetteredAt: '2026-12-01T00:00:00.000Z',
      reason: 'queue_full',
      attempts: 0,
    };
    const original = record({ firstDeadLetter: earlier });
    deadLetter.remember(original);

    await deadLetter.write([record({ finding: original.finding })]);

    expect(inner.records[0].firstDeadLetter).toEqual(earlier);
  });

  it('replaces a damaged first dead letter', async () => {
    const { inner, deadLetter } = setup();
    const damaged = {
      deadLetteredAt: 17,
      reason: null,
    } as unknown as DeadLetterRecord['firstDeadLetter'];
    const original = record({ firstDeadLetter: damaged });
    deadLetter.remember(original);

    await deadLetter.write([record({ finding: original.finding })]);

    expect(inner.records[0].firstDeadLetter?.reason).toBe('output_down');
    expect(inner.records[0].firstDeadLetter?.deadLetteredAt).toBe('2026-12-05T07:01:00.000Z');
  });

  it('passes unknown findings on unchanged', async () => {
    const { inner, deadLetter } = setup();
    const stranger = record();

    await deadLetter.write([stranger]);

    expect(inner.records[0]).toBe(stranger);
  });

  it('closes the sink it wraps', async () => {
    const { inner, deadLetter } = setup();

    await deadLetter.close();

    expect(inner.closed).toBe(true);
  });
});
