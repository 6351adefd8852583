import { stringifyJson, type Finding } from '@talaria/falco-event';

import type { Logger } from '@talaria/telemetry';
import { RotatingFileWriter, warnOnSlowWrite } from '../files/rotating-file-writer';

/** Every reason an output gives up on a finding, for validating a selection by reason. */
export const DEAD_LETTER_REASONS = [
  'queue_full',
  'not_retryable',
  'retries_exhausted',
  'output_down',
  // The drain ended before the output took a finding that no spool entry replays, such as a storm summary.
  'drain_ended',
] as const;

/** Reason an output gave up on a finding. */
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** When and why an output first gave up on a finding. */
export interface FirstDeadLetter {
  deadLetteredAt: string;
  reason: string;
  attempts: number;
  lastError?: string;
}

/** One line of the dead-letter file. */
export interface DeadLetterRecord {
  /** ISO 8601 time the finding was dead-lettered. */
  deadLetteredAt: string;
  /** Name of the output that gave up. */
  output: string;
  reason: DeadLetterReason;
  /** Send attempts made; 0 for a finding rejected by a full queue. */
  attempts: number;
  /** Last failure message, if a send failed. */
  lastError?: string;
  /**
   * In a record written by a redelivery: when and why the output first gave
   * up on the finding.
   */
  firstDeadLetter?: FirstDeadLetter;
  finding: Finding;
}

/** Store for findings that an output could not deliver, shared by every output. */
export interface DeadLetterSink {
  /** Stores the records; rejects when they could not be stored. */
  write(records: DeadLetterRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface FileDeadLetterOptions {
  path: string;
  /** Size in bytes at which the file is rotated; default 64 MiB. */
  maxBytes?: number;
  /** Rotated files kept; default 5. */
  maxFiles?: number;
  /** Receives a warning when a slow disk moves the writes to the thread pool. */
  logger?: Logger;
}

export const DEFAULT_DEAD_LETTER_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_DEAD_LETTER_MAX_FILES = 5;

/** Formats records as NDJSON, one per line, serialising bigint fields as bare integers. */
export function formatDeadLetterLines(records: DeadLetterRecord[]): string {
  return records.map((record) => `${stringifyJson(record)}\n`).join('');
}

/** Dead-letter sink that appends NDJSON to a size-capped, rotated file. */
export class FileDeadLetterSink implements DeadLetterSink {
  private readonly writer: RotatingFileWriter;

  constructor(options: FileDeadLetterOptions) {
    this.writer = new RotatingFileWriter({
      path: options.path,
      maxBytes: options.maxBytes ?? DEFAULT_DEAD_LETTER_MAX_BYTES,
      maxFiles: options.maxFiles ?? DEFAULT_DEAD_LETTER_MAX_FILES,
      onSlowWrite: warnOnSlowWrite(options.logger, { path: options.path }, 'the dead letter'),
    });
  }

  write(records: DeadLetterRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.writer.append(formatDeadLetterLines(records));
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
