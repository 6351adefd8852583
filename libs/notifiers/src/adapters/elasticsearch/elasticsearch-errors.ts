import { DeliveryError } from '../../delivery/delivery-error';
import { describeError } from '../../delivery/send-outcome';
import { elasticsearchLibrary } from '../client-libraries';
import { parseRetryAfter } from '../webhook/retry-after';

/** Statuses other than 5xx after which the same request can succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429]);

/**
 * Turns an error thrown by the Elasticsearch client into a DeliveryError that
 * states whether a retry can help. Connection errors, timeouts, 408, 429 and
 * 5xx are retryable, with the wait from Retry-After. A response without the
 * `X-Elastic-Product: Elasticsearch` header means the URL does not lead to
 * Elasticsearch, and other 4xx mean the request itself is wrong: neither is
 * retried. `action` names the request in the message, such as `bulk request`.
 */
export function toDeliveryError(error: unknown, action: string): DeliveryError {
  const { errors } = elasticsearchLibrary();
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode ?? 0;
    const retryable = RETRYABLE_STATUSES.has(status) || status >= 500;
    const retryAfter = error.meta.headers?.['retry-after'];
    return new DeliveryError(
      `${action} failed with ${status} ${describeResponseBody(error.meta.body)}${hintFor(status)}`,
      {
        retryable,
        retryAfterMs: retryable
          ? parseRetryAfter(retryAfter === undefined ? undefined : String(retryAfter))
          : undefined,
        rateLimited: status === 429,
        cause: error,
      },
    );
  }

  if (error instanceof errors.ProductNotSupportedError) {
    return new DeliveryError(
      `${action} failed: the server did not identify as Elasticsearch (no X-Elastic-Product header); check that url points at an Elasticsearch node, not a proxy page or another product`,
      { retryable: false, cause: error },
    );
  }
  if (error instanceof errors.SerializationError || error instanceof errors.ConfigurationError) {
    return new DeliveryError(`${action} failed: ${describeError(error)}`, {
      retryable: false,
      cause: error,
    });
  }
  // Connection errors, timeouts, aborted requests and unreadable responses may pass.
  return new DeliveryError(
    `${action} failed: ${error instanceof Error ? `${error.name}: ${describeError(error)}` : String(error)}`,
    {
      retryable: true,
      cause: error,
    },
  );
}

function describeResponseBody(body: unknown): string {
  const cause = (body as { error?: { type?: unknown; reason?: unknown } } | undefined)?.error;
  if (typeof cause === 'object' && cause !== null) {
    return cause.reason === undefined
      ? String(cause.type)
      : `${String(cause.type)}: ${String(cause.reason)}`;
  }
  if (typeof body === 'string') return body.slice(0, 200);
  return JSON.stringify(body)?.slice(0, 200) ?? '';
}

function hintFor(status: number): string {
  if (status === 401) return ' (check apiKey, or username and password)';
  if (status === 403)
    return ' (the credentials lack a privilege such as create_doc or manage_index_templates)';
  if (status === 413) return ' (lower maxBulkBytes or batchSize)';
  return '';
}
