import type { Finding } from '@talaria/falco-event';

import { escapeAndTruncate } from '../text/escape-control-characters';
import type { SendResult } from '../output';
import { DeliveryError } from './delivery-error';

/** Maximum length in characters of a failure reason kept for logs and dead-letter records. */
const MAX_REASON_LENGTH = 500;

export interface FailedItem<T> {
  item: T;
  reason: string;
}

/** One send attempt's result, split by what happens next to each item. */
export interface SendOutcome<T> {
  delivered: T[];
  /** Failed for good: dead-lettered at once. */
  rejected: FailedItem<T>[];
  /** Failed, but another attempt can help. */
  retryable: FailedItem<T>[];
  retryAfterMs?: number;
  /** The retryable failures came from a rate or quota limit of a destination that is up. */
  rateLimited: boolean;
}

/**
 * Splits a batch by the adapter's result. A `SendResult` lists the failed
 * findings, and everything else landed. A thrown error fails the whole batch,
 * retryably unless it is a `DeliveryError` with `retryable: false`.
 */
export function classifySendOutcome<T extends { finding: Finding }>(
  batch: readonly T[],
  answer: { result: SendResult } | { error: unknown },
): SendOutcome<T> {
  if ('error' in answer) return classifyThrown(batch, answer.error);

  // Nearly every batch lands whole, so its findings are indexed only when a failure has to be matched.
  const failures = answer.result.failed ?? [];
  if (failures.length === 0) {
    return { delivered: batch.slice(), rejected: [], retryable: [], rateLimited: false };
  }

  const itemsByFinding = new Map<Finding, T>();
  const itemsById = new Map<string, T>();
  for (const item of batch) {
    itemsByFinding.set(item.finding, item);
    itemsById.set(item.finding.id, item);
  }

  const failedItems = new Set<T>();
  const outcome: SendOutcome<T> = {
    delivered: [],
    rejected: [],
    retryable: [],
    rateLimited: false,
  };
  for (const failure of failures) {
    // Adapters should return the finding objects they were given; the id is a fallback.
    const item = itemsByFinding.get(failure.finding) ?? itemsById.get(failure.finding?.id);
    if (item === undefined || failedItems.has(item)) continue;
    failedItems.add(item);

    const entry = { item, reason: escapeAndTruncate(String(failure.reason), MAX_REASON_LENGTH) };
    if (failure.retryable) outcome.retryable.push(entry);
    else outcome.rejected.push(entry);
  }

  outcome.delivered = batch.filter((item) => !failedItems.has(item));
  if (outcome.retryable.length > 0) {
    outcome.retryAfterMs = validRetryAfter(answer.result.retryAfterMs);
    outcome.rateLimited = answer.result.rateLimited === true;
  }
  return outcome;
}

function classifyThrown<T>(batch: readonly T[], error: unknown): SendOutcome<T> {
  const reason = escapeAndTruncate(describeError(error), MAX_REASON_LENGTH);
  const failed = batch.map((item) => ({ item, reason }));

  if (error instanceof DeliveryError && !error.retryable) {
    return { delivered: [], rejected: failed, retryable: [], rateLimited: false };
  }
  if (!(error instanceof DeliveryError)) {
    return { delivered: [], rejected: [], retryable: failed, rateLimited: false };
  }
  return {
    delivered: [],
    rejected: [],
    retryable: failed,
    retryAfterMs: validRetryAfter(error.retryAfterMs),
    rateLimited: error.rateLimited,
  };
}

function validRetryAfter(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Returns `error.message` for errors, with the code of system errors such as ECONNRESET. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}
