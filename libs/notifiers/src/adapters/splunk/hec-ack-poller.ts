import type { Logger } from '@talaria/telemetry';

import { DeliveryError } from '../../delivery/delivery-error';
import { describeError } from '../../delivery/send-outcome';
import { escapeAndTruncate } from '../../text/escape-control-characters';

/** Sends one ack query and returns the HTTP status and body text. */
export type AckQuery = (ackIds: number[]) => Promise<{ status: number; body: string }>;

export interface HecAckPollerOptions {
  query: AckQuery;
  /** Time in ms between two ack queries. */
  pollIntervalMs: number;
  /** Time in ms after which an unacknowledged request counts as lost and is sent again. */
  timeoutMs: number;
  logger: Logger;
}

interface PendingAck {
  deadline: number;
  resolve(): void;
  reject(error: DeliveryError): void;
}

/**
 * Waits for HEC indexer acknowledgements. Each request accepted with an
 * ackId waits here. Every `pollIntervalMs`, one query to
 * /services/collector/ack requests the status of every pending id, until
 * Splunk reports the id indexed or `timeoutMs` passes. A timeout fails the
 * request retryably, because Splunk does not report whether unacknowledged
 * data was dropped or is late.
 */
export class HecAckPoller {
  private readonly pending = new Map<number, PendingAck>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private closed = false;

  constructor(private readonly options: HecAckPollerOptions) {}

  /** Resolves once Splunk acknowledged `ackId`; rejects with a DeliveryError on timeout, refusal or close. */
  waitFor(ackId: number): Promise<void> {
    if (this.closed) {
      return Promise.reject(
        new DeliveryError('output closed before Splunk acknowledged the request', {
          retryable: true,
        }),
      );
    }
    // Splunk may hand out an id again after a channel expired; the older request then cannot be confirmed.
    this.pending.get(ackId)?.reject(
      new DeliveryError(`Splunk reused ackId ${ackId} before acknowledging it`, {
        retryable: true,
      }),
    );
    return new Promise((resolve, reject) => {
      this.pending.set(ackId, { deadline: Date.now() + this.options.timeoutMs, resolve, reject });
      this.schedule();
    });
  }

  /** Stops polling and fails every waiting request retryably, so its findings are sent again later. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.rejectAll(
      new DeliveryError('output closed before Splunk acknowledged the request', {
        retryable: true,
      }),
    );
  }

  private schedule(): void {
    if (this.timer !== undefined || this.polling || this.closed || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, this.options.pollIntervalMs);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    const ids = [...this.pending.keys()];
    try {
      const reply = await this.options.query(ids);
      this.handleReply(ids, reply);
    } catch (error) {
      this.options.logger.warn(
        { ackIds: ids.slice(0, 20), ackCount: ids.length, error: describeError(error) },
        'Splunk HEC ack query failed; asking again at the next poll',
      );
    } finally {
      this.polling = false;
    }

    this.expire(Date.now());
    this.schedule();
  }

  private handleReply(ids: number[], reply: { status: number; body: string }): void {
    if (reply.status === 200) {
      const acks = readAcks(reply.body);
      for (const id of ids) {
        if (acks?.[String(id)] !== true) continue;
        this.pending.get(id)?.resolve();
        this.pending.delete(id);
      }
      return;
    }

    const excerpt = escapeAndTruncate(reply.body.trim(), 200);
    if (reply.status === 400 && /"code"\s*:\s*14\b/.test(reply.body)) {
      // ACK is disabled, so no acknowledgement will come until the token's settings change.
      this.rejectAll(
        new DeliveryError(
          `Splunk HEC ack query HTTP 400: ${excerpt} (the token has indexer acknowledgement off; set ack: false or turn it on in Splunk)`,
          { retryable: false },
        ),
      );
      return;
    }
    this.options.logger.warn(
      { ackIds: ids.slice(0, 20), ackCount: ids.length, status: reply.status, body: excerpt },
      'Splunk HEC ack query was rejected; asking again at the next poll',
    );
  }

  private expire(now: number): void {
    for (const [id, ack] of this.pending) {
      if (ack.deadline > now) continue;
      ack.reject(
        new DeliveryError(
          `Splunk did not acknowledge ackId ${id} within ${this.options.timeoutMs} ms`,
          { retryable: true },
        ),
      );
      this.pending.delete(id);
    }
  }

  private rejectAll(error: DeliveryError): void {
    for (const ack of this.pending.values()) ack.reject(error);
    this.pending.clear();
  }
}

function readAcks(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body) as { acks?: unknown };
    return typeof parsed.acks === 'object' && parsed.acks !== null
      ? (parsed.acks as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
