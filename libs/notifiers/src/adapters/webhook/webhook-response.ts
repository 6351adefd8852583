import { escapeAndTruncate } from '../../text/escape-control-characters';
import { parseRetryAfter } from './retry-after';

/** Maximum characters of a rejecting response body quoted in the failure reason. */
const BODY_EXCERPT_LENGTH = 200;

/** Statuses other than 5xx after which the same request can succeed later. */
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

export type WebhookVerdict =
  | { delivered: true }
  | {
      delivered: false;
      retryable: boolean;
      reason: string;
      retryAfterMs?: number;
      /** HTTP 429: the receiver is up and needs fewer requests. */
      rateLimited?: boolean;
    };

/**
 * Classifies a webhook response. 2xx is delivered. 408, 425, 429 and 5xx are
 * retryable, with the wait from Retry-After. Anything else, redirects included,
 * is rejected with the status and an excerpt of the body.
 */
export function classifyWebhookResponse(
  status: number,
  retryAfter: string | undefined,
  bodyExcerpt: string,
  nowMs: number = Date.now(),
): WebhookVerdict {
  if (status >= 200 && status <= 299) return { delivered: true };

  const excerpt = escapeAndTruncate(bodyExcerpt.trim(), BODY_EXCERPT_LENGTH);
  const reason = excerpt === '' ? `HTTP ${status}` : `HTTP ${status}: ${excerpt}`;
  if (RETRYABLE_STATUSES.has(status) || (status >= 500 && status <= 599)) {
    return {
      delivered: false,
      retryable: true,
      reason,
      retryAfterMs: parseRetryAfter(retryAfter, nowMs),
      rateLimited: status === 429,
    };
  }

  const hint =
    status >= 300 && status <= 399
      ? ' (redirects are not followed; set url to the final address)'
      : '';
  return { delivered: false, retryable: false, reason: `${reason}${hint}` };
}
