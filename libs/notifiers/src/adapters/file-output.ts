import type { Finding } from '@talaria/falco-event';

import type { Logger } from '@talaria/telemetry';
import { RotatingFileWriter, warnOnSlowWrite } from '../files/rotating-file-writer';
import type { OutputAdapter, SendResult } from '../output';
import { DeliveryError } from '../delivery/delivery-error';
import { describeError } from '../delivery/send-outcome';
import { formatNdjson } from './ndjson';

export interface FileOutputOptions {
  name: string;
  /** NDJSON file written to; its directory is created when missing. */
  path: string;
  /** Size in bytes at which the file rotates; default 100 MiB. */
  maxBytes?: number;
  /** Rotated files kept (`out.ndjson.1` newest to `out.ndjson.<maxFiles>`); default 5. */
  maxFiles?: number;
  /** Maximum findings per write; default 500. */
  maxBatchSize?: number;
  /** Receives a warning when a slow disk moves the writes to the thread pool. */
  logger?: Logger;
}

export const DEFAULT_FILE_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_FILE_MAX_FILES = 5;
export const DEFAULT_FILE_BATCH_SIZE = 500;
/**
 * Linger of local outputs. A local write costs little, and findings that wait
 * longer survive V8's minor collections and slow each one down.
 */
export const LOCAL_OUTPUT_LINGER_MS = 5;

/** Appends findings as NDJSON to a size-rotated file, one write per batch, with fsync on close. */
export class FileOutput implements OutputAdapter {
  readonly type = 'file';
  readonly name: string;
  readonly maxBatchSize: number;
  readonly defaultLingerMs = LOCAL_OUTPUT_LINGER_MS;
  private readonly writer: RotatingFileWriter;

  constructor(options: FileOutputOptions) {
    this.name = options.name;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_FILE_BATCH_SIZE;
    this.writer = new RotatingFileWriter({
      path: options.path,
      maxBytes: options.maxBytes ?? DEFAULT_FILE_MAX_BYTES,
      maxFiles: options.maxFiles ?? DEFAULT_FILE_MAX_FILES,
      onSlowWrite: warnOnSlowWrite(
        options.logger,
        { output: options.name, path: options.path },
        'the file output',
      ),
    });
  }

  async send(batch: Finding[]): Promise<SendResult> {
    try {
      await this.writer.append(formatNdjson(batch));
    } catch (error) {
      // A full or read-only disk may recover, so the batch is retried.
      throw new DeliveryError(
        `writing ${this.writer.options.path} failed: ${describeError(error)}`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
    return { failed: [] };
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
