import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Talaria-Timestamp';
export const SIGNATURE_HEADER = 'X-Talaria-Signature';
const SIGNATURE_PREFIX = 'sha256=';

/** Default maximum age of a signed request that receivers accept, in seconds. */
export const DEFAULT_SIGNATURE_MAX_AGE_SECONDS = 300;

/**
 * Computes the signature header value: `sha256=` and the hex HMAC-SHA256 of
 * `<timestamp>.<body>` under `secret`. Signing the timestamp with the body
 * lets receivers reject replays of old requests.
 */
export function computeWebhookSignature(
  secret: string | Buffer,
  timestamp: string | number,
  body: string | Buffer,
): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `${SIGNATURE_PREFIX}${hmac.digest('hex')}`;
}

export interface WebhookSignatureInput {
  secret: string | Buffer;
  /** The raw request body, byte for byte as received. */
  body: string | Buffer;
  /** Value of the X-Talaria-Timestamp header. */
  timestamp: string | string[] | undefined;
  /** Value of the X-Talaria-Signature header. */
  signature: string | string[] | undefined;
  /** Maximum difference in seconds between the timestamp and now, either way; default 300. */
  maxAgeSeconds?: number;
  /** Current time in epoch ms; defaults to Date.now(). */
  nowMs?: number;
}

export type WebhookSignatureCheck = { valid: true } | { valid: false; reason: string };

/**
 * Checks a Talaria webhook signature for receivers. The comparison is timing-safe,
 * and requests whose timestamp is more than `maxAgeSeconds` away from now are
 * rejected, which bounds how long a captured request can be replayed.
 */
export function verifyWebhookSignature(input: WebhookSignatureInput): WebhookSignatureCheck {
  const timestampText = singleHeader(input.timestamp);
  const signatureText = singleHeader(input.signature);
  if (timestampText === undefined)
    return { valid: false, reason: `missing ${TIMESTAMP_HEADER} header` };
  if (signatureText === undefined)
    return { valid: false, reason: `missing ${SIGNATURE_HEADER} header` };

  if (!/^\d{1,15}$/.test(timestampText)) {
    return { valid: false, reason: `${TIMESTAMP_HEADER} is not a unix time in seconds` };
  }
  const timestampSeconds = Number(timestampText);
  const maxAgeSeconds = input.maxAgeSeconds ?? DEFAULT_SIGNATURE_MAX_AGE_SECONDS;
  const nowSeconds = (input.nowMs ?? Date.now()) / 1000;
  if (Math.abs(nowSeconds - timestampSeconds) > maxAgeSeconds) {
    return { valid: false, reason: `timestamp is more than ${maxAgeSeconds} s away from now` };
  }

  // The header text is signed as sent, so the check must use it and not a reformatted number.
  const expected = Buffer.from(computeWebhookSignature(input.secret, timestampText, input.body));
  const received = Buffer.from(signatureText.trim());
  // timingSafeEqual requires equal lengths; a length mismatch reveals nothing about the secret.
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { valid: false, reason: 'signature does not match' };
  }
  return { valid: true };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value === undefined || value === '' ? undefined : value;
}
