import { makeFinding } from '../../test/support/findings';
import { DeliveryError } from './delivery-error';
import { classifySendOutcome } from './send-outcome';

function batchOf(count: number): Array<{ finding: ReturnType<typeof makeFinding> }> {
  return Array.from({ length: count }, () => ({ finding: makeFinding() }));
}

describe('classifySendOutcome', () => {
  it('splits a partial failure', () => {
    const batch = batchOf(4);
    const result = {
      failed: [
        { finding: batch[1].finding, reason: 'throttled', retryable: true },
        { finding: batch[3].finding, reason: 'schema rejected', retryable: false },
      ],
      retryAfterMs: 2000,
    };

    const outcome = classifySendOutcome(batch, { result });

    expect(outcome.delivered).toEqual([batch[0], batch[2]]);
    expect(outcome.retryable).toEqual([{ item: batch[1], reason: 'throttled' }]);
    expect(outcome.rejected).toEqual([{ item: batch[3], reason: 'schema rejected' }]);
    expect(outcome.retryAfterMs).toBe(2000);
  });

  it('delivers a batch without failures', () => {
    const batch = batchOf(3);

    const outcome = classifySendOutcome(batch, { result: { failed: [] } });

    expect(outcome.delivered).toEqual(batch);
    expect(outcome.retryable).toEqual([]);
    expect(outcome.rejected).toEqual([]);
  });

  it('ignores retryAfterMs when nothing failed', () => {
    const outcome = classifySendOutcome(batchOf(1), {
      result: { failed: [], retryAfterMs: 2000, rateLimited: true },
    });

    expect(outcome.retryAfterMs).toBeUndefined();
    expect(outcome.rateLimited).toBe(false);
  });

  it('matches failures by id when given copies', () => {
    const batch = batchOf(2);
    const copy = { ...batch[0].finding };

    const outcome = classifySendOutcome(batch, {
      result: { failed: [{ finding: copy, reason: 'x', retryable: true }] },
    });

    expect(outcome.retryable.map((failure) => failure.item)).toEqual([batch[0]]);
    expect(outcome.delivered).toEqual([batch[1]]);
  });

  it('fails the whole batch on a thrown error', () => {
    const batch = batchOf(2);

    const outcome = classifySendOutcome(batch, { error: new Error('socket hang up') });

    expect(outcome.retryable).toHaveLength(2);
    expect(outcome.retryable[0].reason).toBe('socket hang up');
    expect(outcome.delivered).toEqual([]);
  });

  it('rejects on a non-retryable DeliveryError', () => {
    const batch = batchOf(2);

    const outcome = classifySendOutcome(batch, {
      error: new DeliveryError('HTTP 401', { retryable: false }),
    });

    expect(outcome.rejected).toHaveLength(2);
    expect(outcome.retryable).toEqual([]);
  });

  it('keeps retryAfterMs from a DeliveryError', () => {
    const outcome = classifySendOutcome(batchOf(1), {
      error: new DeliveryError('HTTP 503', { retryable: true, retryAfterMs: 1500 }),
    });

    expect(outcome.retryAfterMs).toBe(1500);
  });

  it('escapes control characters in reasons', () => {
    const batch = batchOf(1);

    const outcome = classifySendOutcome(batch, { error: new Error('bad\nline\u001b[31m') });

    expect(outcome.retryable[0].reason).toBe('bad\\nline\\x1b[31m');
  });
});
