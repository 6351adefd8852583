import { makeFinding } from '../../../test/support/findings';
import { classifyBulkItem, failedBulkItems, onlyRateLimitedItems } from './bulk-response';

describe('classifyBulkItem', () => {
  it.each([
    ['index', 201, undefined, 'delivered'],
    ['index', 200, undefined, 'delivered'],
    ['create', 409, 'version_conflict_engine_exception', 'delivered'],
    ['index', 409, 'version_conflict_engine_exception', 'not retryable'],
    ['index', 429, 'es_rejected_execution_exception', 'retryable'],
    ['index', 503, 'unavailable_shards_exception', 'retryable'],
    ['index', 500, 'internal_server_error', 'retryable'],
    ['index', 408, 'timeout', 'retryable'],
    ['index', 400, 'document_parsing_exception', 'not retryable'],
    ['index', 400, 'mapper_parsing_exception', 'not retryable'],
    ['index', 404, 'index_not_found_exception', 'not retryable'],
  ] as const)('%s item with %i %s is %s', (action, status, type, expected) => {
    const verdict = classifyBulkItem(action, { status, error: type && { type, reason: 'r' } });

    const actual = verdict.delivered
      ? 'delivered'
      : verdict.retryable
        ? 'retryable'
        : 'not retryable';
    expect(actual).toBe(expected);
  });

  it('names status, type and reason', () => {
    const verdict = classifyBulkItem('index', {
      status: 400,
      error: { type: 'document_parsing_exception', reason: 'failed to parse field [x]' },
    });

    expect(verdict).toEqual({
      delivered: false,
      retryable: false,
      reason: 'bulk item failed with 400 document_parsing_exception: failed to parse field [x]',
    });
  });
});

describe('failedBulkItems', () => {
  it('maps items to findings by position', () => {
    const findings = [makeFinding(), makeFinding(), makeFinding()];

    const failed = failedBulkItems(findings, 'index', [
      { index: { status: 201 } },
      { index: { status: 429, error: { type: 'es_rejected_execution_exception' } } },
      { index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } },
    ]);

    expect(failed).toEqual([
      {
        finding: findings[1],
        reason: 'bulk item failed with 429 es_rejected_execution_exception',
        retryable: true,
      },
      {
        finding: findings[2],
        reason: 'bulk item failed with 400 mapper_parsing_exception: bad',
        retryable: false,
      },
    ]);
  });

  it('fails all on an item count mismatch', () => {
    const findings = [makeFinding(), makeFinding()];

    const failed = failedBulkItems(findings, 'create', [{ create: { status: 201 } }]);

    expect(failed.map((failure) => failure.retryable)).toEqual([true, true]);
    expect(failed[0].reason).toBe('bulk response lists 1 items for 2 operations');
  });
});

describe('onlyRateLimitedItems', () => {
  const rejected = { status: 429, error: { type: 'es_rejected_execution_exception' } };

  it('is true when every failed item was refused with 429', () => {
    expect(
      onlyRateLimitedItems([{ index: { status: 201 } }, { index: rejected }], 'index', 2),
    ).toBe(true);
  });

  it('is false when another failure is among them', () => {
    const items = [{ index: rejected }, { index: { status: 503 } }];

    expect(onlyRateLimitedItems(items, 'index', 2)).toBe(false);
  });

  it('is false when items are missing', () => {
    expect(onlyRateLimitedItems([{ index: rejected }], 'index', 3)).toBe(false);
  });

  it('is false when nothing failed', () => {
    expect(onlyRateLimitedItems([{ create: { status: 409 } }], 'create', 1)).toBe(false);
  });
});
