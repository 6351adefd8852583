import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import type { Finding } from '@talaria/falco-event';
import { createLogger, type Logger } from '@talaria/telemetry';

import { DeliveryError } from '../../delivery/delivery-error';
import { describeError } from '../../delivery/send-outcome';
import type { OutputAdapter, SendResult } from '../../output';
import {
  createKeepAliveAgent,
  RequestTimeoutError,
  sendHttpRequest,
  type HttpResponseSummary,
} from '../webhook/http-transport';
import { HecAckPoller } from './hec-ack-poller';
import { formatHecEvent, type HecEventMetadata } from './hec-event';
import { classifyHecResponse, type HecVerdict } from './hec-response';

const gzipAsync = promisify(gzip);

export const DEFAULT_HEC_SOURCE = 'talaria';
export const DEFAULT_HEC_SOURCETYPE = 'falco';
export const DEFAULT_HEC_BATCH_SIZE = 100;
export const DEFAULT_HEC_TIMEOUT_MS = 10_000;
export const DEFAULT_HEC_MAX_SOCKETS = 4;
export const DEFAULT_HEC_ACK_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_HEC_ACK_TIMEOUT_MS = 300_000;

export interface SplunkHecOutputOptions {
  name: string;
  /** Base URL of the collector, such as https://splunk.example:8088; the event path is added. */
  url: string;
  /** HEC token, already read from its secret. */
  token: string;
  /** Index to write to; the token's default index when unset. */
  index?: string;
  /** Default `talaria`. */
  source?: string;
  /** Default `falco`. */
  sourcetype?: string;
  /** Overrides the host of every event; by default the Falco node's hostname, else the cluster. */
  host?: string;
  /** Compresses request bodies with gzip. */
  gzip?: boolean;
  /** Counts a batch as delivered only once Splunk acknowledged indexing it. */
  ack?: boolean;
  /** Channel GUID for X-Splunk-Request-Channel; a random one is made when `ack` is on and none is set. */
  channel?: string;
  ackPollIntervalMs?: number;
  ackTimeoutMs?: number;
  /** Maximum events per request; default 100. */
  maxBatchSize?: number;
  /** Maximum time in ms for one request, connecting included; default 10000. */
  timeoutMs?: number;
  maxSockets?: number;
  logger?: Logger;
}

/**
 * Sends findings to Splunk's HTTP Event Collector: one request per batch to
 * /services/collector/event with `Authorization: Splunk <token>`, the events
 * concatenated as JSON objects. With `ack`, a batch counts as delivered only
 * once /services/collector/ack reports it indexed.
 */
export class SplunkHecOutput implements OutputAdapter {
  readonly type = 'splunk';
  readonly name: string;
  readonly maxBatchSize: number;
  private readonly eventUrl: URL;
  private readonly ackUrl: URL;
  private readonly token: string;
  private readonly metadata: HecEventMetadata;
  private readonly gzip: boolean;
  private readonly channel?: string;
  private readonly timeoutMs: number;
  private readonly agent: Agent;
  private readonly poller?: HecAckPoller;

  constructor(options: SplunkHecOutputOptions) {
    this.name = options.name;
    const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new RangeError(
        `Splunk HEC url of output "${options.name}" must be http:// or https://`,
      );
    }
    this.eventUrl = new URL('services/collector/event', base);
    this.ackUrl = new URL('services/collector/ack', base);
    this.token = options.token;
    this.metadata = {
      host: options.host,
      source: options.source ?? DEFAULT_HEC_SOURCE,
      sourcetype: options.sourcetype ?? DEFAULT_HEC_SOURCETYPE,
      index: options.index,
    };
    this.gzip = options.gzip ?? false;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_HEC_BATCH_SIZE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HEC_TIMEOUT_MS;
    this.agent = createKeepAliveAgent(base, options.maxSockets ?? DEFAULT_HEC_MAX_SOCKETS);

    this.channel = options.channel ?? (options.ack === true ? randomUUID() : undefined);
    if (options.ack === true) {
      const logger = (options.logger ?? createLogger({ level: 'silent' })).child({
        output: options.name,
        channel: this.channel,
      });
      this.poller = new HecAckPoller({
        query: (ackIds) => this.queryAcks(ackIds),
        pollIntervalMs: options.ackPollIntervalMs ?? DEFAULT_HEC_ACK_POLL_INTERVAL_MS,
        timeoutMs: options.ackTimeoutMs ?? DEFAULT_HEC_ACK_TIMEOUT_MS,
        logger,
      });
    }
  }

  /**
   * Sends the batch in one request. A per-event rejection splits the batch:
   * the events before the invalid one count as delivered, the invalid one is
   * rejected for good and the rest are retried. Any other failure fails the
   * whole batch, retryably or not.
   */
  async send(batch: Finding[]): Promise<SendResult> {
    const text = batch.map((finding) => formatHecEvent(finding, this.metadata)).join('');
    const response = await this.post(this.eventUrl, Buffer.from(text, 'utf8'), this.gzip);

    const retryAfter = response.headers['retry-after'];
    const verdict = classifyHecResponse(
      response.status,
      response.bodyExcerpt,
      Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      batch.length,
    );
    return this.settle(batch, verdict);
  }

  async close(): Promise<void> {
    this.poller?.close();
    this.agent.destroy();
  }

  private async settle(batch: Finding[], verdict: HecVerdict): Promise<SendResult> {
    switch (verdict.kind) {
      case 'accepted':
        await this.confirm(verdict.ackId);
        return { failed: [] };
      case 'failed':
        throw new DeliveryError(verdict.reason, {
          retryable: verdict.retryable,
          retryAfterMs: verdict.retryAfterMs,
          rateLimited: verdict.rateLimited,
        });
      case 'partial':
        return {
          failed: batch.slice(verdict.invalidEvent).map((finding, offset) => ({
            finding,
            reason:
              offset === 0
                ? verdict.reason
                : `not indexed: Splunk stopped reading the batch at event ${verdict.invalidEvent} (${verdict.reason})`,
            retryable: offset > 0 && verdict.restRetryable,
          })),
        };
    }
  }

  /** Waits for the indexer acknowledgement when `ack` is on. */
  private async confirm(ackId: number | undefined): Promise<void> {
    if (this.poller === undefined) return;
    if (ackId === undefined) {
      throw new DeliveryError(
        'Splunk accepted the batch but sent no ackId; turn on indexer acknowledgement for the HEC token or set ack: false',
        { retryable: false },
      );
    }
    await this.poller.waitFor(ackId);
  }

  private async queryAcks(ackIds: number[]): Promise<{ status: number; body: string }> {
    // Ack queries are a few bytes, so they are never compressed.
    const body = Buffer.from(JSON.stringify({ acks: ackIds }), 'utf8');
    const response = await this.post(this.ackUrl, body, false);
    return { status: response.status, body: response.bodyExcerpt };
  }

  /** Posts a body with the token and channel headers; a network error or timeout throws a retryable DeliveryError. */
  private async post(url: URL, body: Buffer, compress: boolean): Promise<HttpResponseSummary> {
    const headers: Record<string, string> = {
      authorization: `Splunk ${this.token}`,
      'content-type': 'application/json',
      'user-agent': 'talaria-notifiers',
    };
    if (this.channel !== undefined) headers['x-splunk-request-channel'] = this.channel;

    let payload = body;
    if (compress) {
      payload = await gzipAsync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(payload.length);

    try {
      return await sendHttpRequest(url, {
        method: 'POST',
        headers,
        body: payload,
        timeoutMs: this.timeoutMs,
        agent: this.agent,
      });
    } catch (error) {
      const message =
        error instanceof RequestTimeoutError
          ? `Splunk HEC ${error.message}`
          : `Splunk HEC request failed: ${describeError(error)}`;
      throw new DeliveryError(message, { retryable: true, cause: error });
    }
  }
}
