import { escapeAndTruncate } from '../../text/escape-control-characters';
import { parseRetryAfter } from '../webhook/retry-after';

/** HEC's JSON reply body. */
export interface HecReplyBody {
  text?: string;
  code?: number;
  'invalid-event-number'?: number;
  ackId?: number;
}

export type HecVerdict =
  | { kind: 'accepted'; ackId?: number }
  | {
      kind: 'failed';
      retryable: boolean;
      reason: string;
      retryAfterMs?: number;
      /** HTTP 429: the collector is up and needs fewer requests. */
      rateLimited?: boolean;
    }
  /**
   * One event was rejected: those before it were indexed, the rejected one
   * cannot succeed, and those after it were not read and may be sent again,
   * unless `restRetryable` is false because they would fail the same way.
   */
  | { kind: 'partial'; invalidEvent: number; reason: string; restRetryable: boolean };

/** HEC codes caused by the output's settings, which a retry cannot fix; the hint names the setting to change. */
const SETTINGS_HINTS: Record<number, string> = {
  1: 'the HEC token is disabled; enable it in Splunk or set another token',
  2: 'no token was sent; set the token setting',
  3: 'the Authorization header was not accepted; check the token setting',
  4: 'the HEC token is not valid; check the token setting',
  7: "the index is not allowed for this token; change index or the token's allowed indexes",
  10: 'a channel is required because the token has indexer acknowledgement on; set ack: true',
  11: 'the channel is not a GUID; set channel to a GUID or leave it unset',
  14: 'the token has indexer acknowledgement off; set ack: false or turn it on in Splunk',
};

/** HEC codes that reject one event of a batch, given with `invalid-event-number`. */
const EVENT_CODES = new Set([6, 7, 12, 13, 15]);

/** Statuses other than 5xx after which the same request can succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429]);

/**
 * Classifies an HTTP Event Collector reply. 200 with code 0 is accepted,
 * with the ackId when acknowledgement is on. A per-event error with
 * `invalid-event-number` splits the batch. Token, index and channel errors
 * are not retried, and their reason names the setting to fix. 429, 5xx (server busy is 503
 * with code 9) and 408 are retried with Retry-After. Other 4xx are not retried.
 */
export function classifyHecResponse(
  status: number,
  bodyText: string,
  retryAfter: string | undefined,
  batchSize: number,
  nowMs: number = Date.now(),
): HecVerdict {
  const body = parseReplyBody(bodyText);
  const reason = describeReply(status, body, bodyText);

  if (status >= 200 && status <= 299 && (body?.code === undefined || body.code === 0)) {
    return { kind: 'accepted', ackId: Number.isInteger(body?.ackId) ? body?.ackId : undefined };
  }

  if (RETRYABLE_STATUSES.has(status) || (status >= 500 && status <= 599)) {
    return {
      kind: 'failed',
      retryable: true,
      reason,
      retryAfterMs: parseRetryAfter(retryAfter, nowMs),
      rateLimited: status === 429,
    };
  }

  const invalidEvent = body?.['invalid-event-number'];
  const code = body?.code;
  if (
    status === 400 &&
    code !== undefined &&
    EVENT_CODES.has(code) &&
    Number.isInteger(invalidEvent) &&
    (invalidEvent as number) >= 0 &&
    (invalidEvent as number) < batchSize
  ) {
    // An index error comes from the settings, so the events after it would fail too.
    return {
      kind: 'partial',
      invalidEvent: invalidEvent as number,
      reason,
      restRetryable: code !== 7,
    };
  }

  if (status === 413) {
    return {
      kind: 'failed',
      retryable: false,
      reason: `${reason} (the batch is too large; lower batchSize)`,
    };
  }
  return { kind: 'failed', retryable: false, reason };
}

function parseReplyBody(text: string): HecReplyBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as HecReplyBody)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Describes a reply as `Splunk HEC HTTP 503 code 9: Server is busy`, with a hint for settings errors. */
function describeReply(status: number, body: HecReplyBody | undefined, bodyText: string): string {
  if (body?.code === undefined) {
    const excerpt = escapeAndTruncate(bodyText.trim(), 200);
    return excerpt === '' ? `Splunk HEC HTTP ${status}` : `Splunk HEC HTTP ${status}: ${excerpt}`;
  }

  const text = escapeAndTruncate(String(body.text ?? ''), 200);
  const eventNumber = body['invalid-event-number'];
  const where = eventNumber === undefined ? '' : ` at event ${eventNumber}`;
  const hint = SETTINGS_HINTS[body.code];
  return `Splunk HEC HTTP ${status} code ${body.code}: ${text}${where}${hint === undefined ? '' : ` (${hint})`}`;
}
