import type { Agent } from 'node:http';

import type { Finding } from '@talaria/falco-event';

import { DeliveryError } from '../../delivery/delivery-error';
import { describeError } from '../../delivery/send-outcome';
import type { OutputAdapter, SendResult } from '../../output';
import { createKeepAliveAgent, sendHttpRequest, RequestTimeoutError } from './http-transport';
import { buildWebhookRequest, type WebhookPayloadMode } from './webhook-request';
import { classifyWebhookResponse } from './webhook-response';

export type WebhookMethod = 'POST' | 'PUT';

export interface WebhookOutputOptions {
  name: string;
  /** http:// or https:// address. */
  url: string;
  /** Default POST. */
  method?: WebhookMethod;
  /** Extra request headers with secrets already resolved; their values are never logged. */
  headers?: Record<string, string>;
  /** `finding` (default) sends one finding per request; `array` sends a JSON array per batch. */
  payload?: WebhookPayloadMode;
  /** Maximum findings per request in `array` mode; default 100. */
  maxBatchSize?: number;
  /** Maximum time in ms for one request, connecting included; default 10000. */
  timeoutMs?: number;
  /** HMAC-SHA256 key; when set, requests carry X-Talaria-Timestamp and X-Talaria-Signature. */
  signingSecret?: string | Buffer;
  /** Maximum open connections to the destination; default 8. */
  maxSockets?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBHOOK_ARRAY_BATCH_SIZE = 100;
export const DEFAULT_WEBHOOK_MAX_SOCKETS = 8;

/** Posts findings as JSON over HTTP(S) with keep-alive connections. */
export class WebhookOutput implements OutputAdapter {
  readonly type = 'webhook';
  readonly name: string;
  readonly maxBatchSize: number;
  private readonly url: URL;
  private readonly method: WebhookMethod;
  private readonly payloadMode: WebhookPayloadMode;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly signingSecret?: string | Buffer;
  private readonly agent: Agent;

  constructor(options: WebhookOutputOptions) {
    this.name = options.name;
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new RangeError(`webhook url of output "${options.name}" must be http:// or https://`);
    }
    this.method = options.method ?? 'POST';
    this.payloadMode = options.payload ?? 'finding';
    this.maxBatchSize =
      this.payloadMode === 'array' ? (options.maxBatchSize ?? DEFAULT_WEBHOOK_ARRAY_BATCH_SIZE) : 1;
    this.headers = { ...options.headers };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.signingSecret = options.signingSecret;
    this.agent = createKeepAliveAgent(this.url, options.maxSockets ?? DEFAULT_WEBHOOK_MAX_SOCKETS);
  }

  /**
   * Sends the batch in one request. An HTTP error status fails every finding
   * in it, retryably or not; a network error or timeout throws a retryable
   * DeliveryError.
   */
  async send(batch: Finding[]): Promise<SendResult> {
    const request = buildWebhookRequest(
      batch,
      { payloadMode: this.payloadMode, headers: this.headers, signingSecret: this.signingSecret },
      Date.now(),
    );

    let response;
    try {
      response = await sendHttpRequest(this.url, {
        method: this.method,
        headers: request.headers,
        body: request.body,
        timeoutMs: this.timeoutMs,
        agent: this.agent,
      });
    } catch (error) {
      const message =
        error instanceof RequestTimeoutError
          ? error.message
          : `request failed: ${describeError(error)}`;
      throw new DeliveryError(message, { retryable: true, cause: error });
    }

    const retryAfter = response.headers['retry-after'];
    const verdict = classifyWebhookResponse(
      response.status,
      Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      response.bodyExcerpt,
    );
    if (verdict.delivered) return { failed: [] };

    return {
      failed: batch.map((finding) => ({
        finding,
        reason: verdict.reason,
        retryable: verdict.retryable,
      })),
      retryAfterMs: verdict.retryAfterMs,
      rateLimited: verdict.rateLimited,
    };
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
