import type { Finding } from '@talaria/falco-event';

import type { SendResult } from '../../output';

/** The part of a bulk response item that classification reads. */
export interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string | null } | null;
}

type Verdict = { delivered: true } | { delivered: false; retryable: boolean; reason: string };

/**
 * Classifies one bulk item. 2xx is delivered. 409 on `create` means a
 * document with the finding's id already exists, which only an earlier
 * attempt of the same finding writes, so it counts as delivered. 429
 * (`es_rejected_execution_exception`), 408 and 5xx are retried. Anything else,
 * such as 400 `document_parsing_exception`, fails for good.
 */
export function classifyBulkItem(action: 'index' | 'create', item: BulkItemResult): Verdict {
  if (item.status >= 200 && item.status <= 299) return { delivered: true };
  if (action === 'create' && item.status === 409) return { delivered: true };

  const type = item.error?.type ?? 'error';
  const detail = item.error?.reason ? `${type}: ${item.error.reason}` : type;
  const reason = `bulk item failed with ${item.status} ${detail}`;
  const retryable = item.status === 429 || item.status === 408 || item.status >= 500;
  return { delivered: false, retryable, reason };
}

/**
 * Returns true when some items failed and every failed item was rejected with
 * 429, the status Elasticsearch returns when its write queue is full. The
 * cluster is then up and needs fewer requests. A response whose item count
 * differs from `operations` fails as a whole, so it is never rate limited.
 */
export function onlyRateLimitedItems(
  items: ReadonlyArray<Record<string, BulkItemResult | undefined>>,
  action: 'index' | 'create',
  operations: number,
): boolean {
  if (items.length !== operations) return false;

  let rejected = 0;
  for (const entry of items) {
    const item = entry[action] ?? Object.values(entry)[0];
    if (item === undefined) return false;
    if (classifyBulkItem(action, item).delivered) continue;
    if (item.status !== 429) return false;
    rejected += 1;
  }
  return rejected > 0;
}

/**
 * Maps bulk response items, which come in request order, to the findings of
 * the chunk and returns those that failed. When the number of items differs
 * from the number of operations, the landed documents cannot be identified,
 * so the whole chunk fails retryably. Retried writes reuse the same ids.
 */
export function failedBulkItems(
  findings: readonly Finding[],
  action: 'index' | 'create',
  items: ReadonlyArray<Record<string, BulkItemResult | undefined>>,
): SendResult['failed'] {
  if (items.length !== findings.length) {
    const reason = `bulk response lists ${items.length} items for ${findings.length} operations`;
    return findings.map((finding) => ({ finding, reason, retryable: true }));
  }

  const failed: SendResult['failed'] = [];
  findings.forEach((finding, index) => {
    const item = items[index][action] ?? Object.values(items[index])[0];
    const verdict: Verdict =
      item === undefined
        ? { delivered: false, retryable: true, reason: 'bulk response item is empty' }
        : classifyBulkItem(action, item);
    if (!verdict.delivered) {
      failed.push({ finding, reason: verdict.reason, retryable: verdict.retryable });
    }
  });
  return failed;
}
