import type { Finding } from '@talaria/falco-event';

import type { OutputAdapter, SendResult } from '../../src/output';

export type SendHandler = (batch: Finding[], call: number) => Promise<SendResult> | SendResult;

/** Adapter that returns results a test scripts and records every batch it receives. */
export class ScriptedAdapter implements OutputAdapter {
  readonly type = 'scripted';
  readonly calls: Finding[][] = [];
  defaultLingerMs?: number;
  closed = false;

  constructor(
    readonly name: string,
    readonly maxBatchSize: number,
    private handler: SendHandler = () => ({ failed: [] }),
  ) {}

  setHandler(handler: SendHandler): void {
    this.handler = handler;
  }

  async send(batch: Finding[]): Promise<SendResult> {
    this.calls.push([...batch]);
    return this.handler(batch, this.calls.length);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Fails every finding of a batch with the same reason. */
export function failAll(
  batch: Finding[],
  retryable: boolean,
  reason = 'boom',
  retryAfterMs?: number,
): SendResult {
  return { failed: batch.map((finding) => ({ finding, reason, retryable })), retryAfterMs };
}
