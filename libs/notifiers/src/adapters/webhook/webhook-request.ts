import { stringifyFinding, type Finding } from '@talaria/falco-event';

import { SIGNATURE_HEADER, TIMESTAMP_HEADER, computeWebhookSignature } from './webhook-signature';

/** `finding` sends one finding object per request; `array` sends a JSON array of up to the batch size. */
export type WebhookPayloadMode = 'finding' | 'array';

export interface WebhookRequestSettings {
  payloadMode: WebhookPayloadMode;
  /** Extra headers, secrets already resolved; names are matched case-insensitively. */
  headers: Record<string, string>;
  signingSecret?: string | Buffer;
}

export interface WebhookRequest {
  body: Buffer;
  headers: Record<string, string>;
}

/** Headers the adapter sets itself; configured headers cannot replace them. */
const RESERVED_HEADERS = new Set([
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
  TIMESTAMP_HEADER.toLowerCase(),
  SIGNATURE_HEADER.toLowerCase(),
]);

/** Returns whether a header name is set by the adapter, which means it cannot be configured. */
export function isReservedHeader(name: string): boolean {
  return RESERVED_HEADERS.has(name.toLowerCase());
}

/**
 * Builds the body and headers of one webhook request. `findings` must hold
 * exactly one finding in `finding` mode. With a signing secret, the request
 * carries the unix time in X-Talaria-Timestamp and its HMAC in X-Talaria-Signature.
 */
export function buildWebhookRequest(
  findings: readonly Finding[],
  settings: WebhookRequestSettings,
  nowMs: number,
): WebhookRequest {
  if (settings.payloadMode === 'finding' && findings.length !== 1) {
    throw new RangeError(
      `webhook payload mode "finding" sends one finding per request; got ${findings.length}`,
    );
  }
  const json =
    settings.payloadMode === 'finding'
      ? stringifyFinding(findings[0])
      : `[${findings.map(stringifyFinding).join(',')}]`;
  const body = Buffer.from(json, 'utf8');

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'talaria-notifiers',
  };
  for (const [name, value] of Object.entries(settings.headers)) {
    if (!isReservedHeader(name)) headers[name.toLowerCase()] = value;
  }
  headers['content-length'] = String(body.length);

  if (settings.signingSecret !== undefined) {
    const timestamp = String(Math.floor(nowMs / 1000));
    headers[TIMESTAMP_HEADER.toLowerCase()] = timestamp;
    headers[SIGNATURE_HEADER.toLowerCase()] = computeWebhookSignature(
      settings.signingSecret,
      timestamp,
      body,
    );
  }
  return { body, headers };
}
