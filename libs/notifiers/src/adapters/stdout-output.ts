import type { Finding } from '@talaria/falco-event';

import type { OutputAdapter, SendResult } from '../output';
import { DeliveryError } from '../delivery/delivery-error';
import { describeError } from '../delivery/send-outcome';
import { escapeControlCharacters } from '../text/escape-control-characters';
import { LOCAL_OUTPUT_LINGER_MS } from './file-output';
import { formatNdjson } from './ndjson';

export type StdoutFormat = 'json' | 'text';

export interface StdoutOutputOptions {
  name: string;
  /** `json` writes NDJSON; `text` writes one escaped line per finding for people. Default `json`. */
  format?: StdoutFormat;
  /** Stream written to; process.stdout by default. */
  stream?: NodeJS.WritableStream;
  /** Maximum findings per write; default 500. */
  maxBatchSize?: number;
}

export const DEFAULT_STDOUT_BATCH_SIZE = 500;

/**
 * Formats a finding as one line for people: time, priority, rule, where it
 * happened and Falco's output text. Every value from the alert is escaped, so
 * a command line holding a newline or a terminal escape cannot forge a line.
 */
export function formatFindingText(finding: Finding): string {
  const workload = finding.workload;
  const place = [finding.cluster, workload.namespace, workload.pod].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  const parts = [
    finding.alert.time,
    finding.priority,
    `[${place.join('/')}]`,
    `${finding.alert.rule}:`,
    finding.alert.output ?? '',
    `(id=${finding.id})`,
  ];
  return `${escapeControlCharacters(parts.filter((part) => part !== '').join(' '))}\n`;
}

/** Builds the text written for a batch in the given format. */
export function formatStdoutBatch(findings: readonly Finding[], format: StdoutFormat): string {
  return format === 'text' ? findings.map(formatFindingText).join('') : formatNdjson(findings);
}

/** Writes findings to standard output as NDJSON or escaped text lines. */
export class StdoutOutput implements OutputAdapter {
  readonly type = 'stdout';
  readonly name: string;
  readonly maxBatchSize: number;
  readonly defaultLingerMs = LOCAL_OUTPUT_LINGER_MS;
  private readonly format: StdoutFormat;
  private readonly stream: NodeJS.WritableStream;

  constructor(options: StdoutOutputOptions) {
    this.name = options.name;
    this.format = options.format ?? 'json';
    this.stream = options.stream ?? process.stdout;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_STDOUT_BATCH_SIZE;
  }

  async send(batch: Finding[]): Promise<SendResult> {
    const text = formatStdoutBatch(batch, this.format);
    try {
      await writeAndWait(this.stream, text);
    } catch (error) {
      throw new DeliveryError(`writing to stdout failed: ${describeError(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    return { failed: [] };
  }
}

/**
 * Writes `text` and resolves when the stream has handled it. Waiting for the
 * write callback keeps at most one batch buffered when the reader is slow.
 */
function writeAndWait(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
