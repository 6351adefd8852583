import type { Client, ClientOptions } from '@elastic/elasticsearch';
import type { Finding } from '@talaria/falco-event';

import { DeliveryError } from '../../delivery/delivery-error';
import type { OutputAdapter, SendResult } from '../../output';
import { elasticsearchLibrary } from '../client-libraries';
import { buildBulkChunks, bulkAction, type BulkChunk, type IndexTarget } from './bulk-request';
import { failedBulkItems, onlyRateLimitedItems, type BulkItemResult } from './bulk-response';
import { toDeliveryError } from './elasticsearch-errors';
import { buildIndexTemplate } from './index-template';

export interface ElasticsearchOutputOptions {
  name: string;
  /** http:// or https:// address of a node. */
  url: string;
  target: IndexTarget;
  /** Credentials, already resolved from their secret references. */
  auth?: { apiKey: string } | { username: string; password: string };
  /** PEM of the CA that signed the cluster's certificate. */
  ca?: string | Buffer;
  /** Installs the index template before the first bulk request; default true. */
  installTemplate?: boolean;
  /** Default: the index prefix or the data stream name. */
  templateName?: string;
  /** Default 200. */
  templatePriority?: number;
  /** Maximum findings per send; default 500. */
  maxBatchSize?: number;
  /** Maximum bytes of one bulk request body; default 5 MiB. */
  maxBulkBytes?: number;
  /** Maximum time in ms for one request; default 30000. */
  timeoutMs?: number;
}

export const DEFAULT_ELASTICSEARCH_BATCH_SIZE = 500;
export const DEFAULT_MAX_BULK_BYTES = 5 * 1024 * 1024;
export const DEFAULT_ELASTICSEARCH_TIMEOUT_MS = 30_000;

/**
 * Indexes findings through the `_bulk` API of the official client. A batch
 * becomes one or more bulk requests under `maxBulkBytes`, and each finding
 * whose item failed is reported on its own, so the engine retries only the
 * failed items or dead-letters them one by one.
 */
export class ElasticsearchOutput implements OutputAdapter {
  readonly type = 'elasticsearch';
  readonly name: string;
  readonly maxBatchSize: number;
  private readonly client: Client;
  private readonly target: IndexTarget;
  private readonly maxBulkBytes: number;
  private readonly templateName: string;
  private readonly template?: Record<string, unknown>;
  private templateInstall?: Promise<void>;

  constructor(options: ElasticsearchOutputOptions) {
    this.name = options.name;
    this.target = options.target;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_ELASTICSEARCH_BATCH_SIZE;
    this.maxBulkBytes = options.maxBulkBytes ?? DEFAULT_MAX_BULK_BYTES;
    this.templateName =
      options.templateName ??
      (options.target.kind === 'dataStream' ? options.target.name : options.target.prefix);
    if (options.installTemplate !== false) {
      this.template = buildIndexTemplate({
        indexPrefix: options.target.kind === 'daily' ? options.target.prefix : undefined,
        dataStream: options.target.kind === 'dataStream' ? options.target.name : undefined,
        priority: options.templatePriority ?? 200,
      });
    }

    const clientOptions: ClientOptions = {
      node: options.url,
      auth: options.auth,
      // The delivery engine owns retries and backoff, so the client tries once.
      maxRetries: 0,
      requestTimeout: options.timeoutMs ?? DEFAULT_ELASTICSEARCH_TIMEOUT_MS,
      name: `talaria-${options.name}`,
    };
    if (options.ca !== undefined) clientOptions.tls = { ca: options.ca };
    this.client = new (elasticsearchLibrary().Client)(clientOptions);
  }

  /**
   * Installs the index template if that is still due, then sends the bulk
   * requests one after another. A request that fails as a whole fails its
   * findings and those of the requests not yet sent with the same verdict.
   */
  async send(batch: Finding[]): Promise<SendResult> {
    await this.ensureTemplate();

    const action = bulkAction(this.target);
    const chunks = buildBulkChunks(batch, this.target, this.maxBulkBytes);
    const failed: SendResult['failed'] = [];
    // Rate limited only when every chunk that failed was rejected with 429 alone.
    let rateLimited = true;

    for (const [index, chunk] of chunks.entries()) {
      let items: ReadonlyArray<Record<string, BulkItemResult | undefined>>;
      try {
        items = await this.sendChunk(chunk);
      } catch (error) {
        const failure = toDeliveryError(error, 'bulk request');
        const unsent = chunks.slice(index).flatMap((rest) => rest.findings);
        for (const finding of unsent) {
          failed.push({ finding, reason: failure.message, retryable: failure.retryable });
        }
        return { failed, retryAfterMs: failure.retryAfterMs, rateLimited: failure.rateLimited };
      }
      const chunkFailed = failedBulkItems(chunk.findings, action, items);
      failed.push(...chunkFailed);
      const onlyRateLimited = onlyRateLimitedItems(items, action, chunk.findings.length);
      if (chunkFailed.length > 0 && !onlyRateLimited) rateLimited = false;
    }
    return failed.length > 0 && rateLimited ? { failed, rateLimited } : { failed };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async sendChunk(
    chunk: BulkChunk,
  ): Promise<ReadonlyArray<Record<string, BulkItemResult | undefined>>> {
    // Pre-serialised lines pass through the client unchanged, which keeps
    // bigints exact; its own serializer would throw on them.
    const response = await this.client.bulk<string>({ operations: chunk.lines });
    return response.items;
  }

  /**
   * Installs the template once per adapter, before the first document, so
   * daily indices and the data stream are created with its mapping. Until it
   * succeeds, every send tries again; a failure fails the batch.
   */
  private async ensureTemplate(): Promise<void> {
    if (this.template === undefined) return;

    this.templateInstall ??= this.client.indices
      .putIndexTemplate({ name: this.templateName, ...this.template })
      .then(() => undefined);
    try {
      await this.templateInstall;
    } catch (error) {
      this.templateInstall = undefined;
      const failure = toDeliveryError(error, `installing index template ${this.templateName}`);
      if (failure.retryable) throw failure;
      throw new DeliveryError(
        `${failure.message}; change templatePriority or templateName, or set installTemplate: false and manage the template yourself`,
        { retryable: false, cause: error },
      );
    }
  }
}
