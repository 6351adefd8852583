import type { Finding } from '@talaria/falco-event';
import type { Logger } from '@talaria/telemetry';
import { lastValueFrom } from 'rxjs';

import { DeliveryError } from '../../delivery/delivery-error';
import type { OutputAdapter, SendResult } from '../../output';
import { describeBusError } from './bus-errors';
import { FINDING_EVENT_PATTERN, buildFindingRecord } from './finding-message';
import { findingsRmqClientClass } from '../client-libraries';
import type { FindingsRmqClient, FindingsRmqClientOptions } from './findings-rmq-client';
import { buildRoutingKey } from './routing-key';

export const DEFAULT_BUS_QUEUE = 'talaria.findings';
export const DEFAULT_BUS_BATCH_SIZE = 100;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
/** amqp-connection-manager's own default wait between reconnection attempts. */
export const DEFAULT_RECONNECT_SECONDS = 5;

export interface BusOutputOptions {
  name: string;
  /** amqp:// or amqps:// URL, credentials included; it is never logged. */
  url: string;
  /** Topic exchange; findings go to it with routing key `{cluster}.{priority}.{team}`. */
  exchange?: string;
  /**
   * Durable queue. Without an exchange, findings go straight to it (default
   * `talaria.findings`); with one, it is bound with `bindingKey` so findings
   * wait there for consumers.
   */
  queue?: string;
  /** Binding of `queue` to `exchange`; default `#`, every finding. */
  bindingKey?: string;
  /** Fails findings that no queue receives; default true. */
  mandatory?: boolean;
  /** Maximum time in ms to connect, or to wait for the broker's confirm of a message; default 10000. */
  publishTimeoutMs?: number;
  /** Wait in seconds between reconnection attempts after the connection failed; default 5. */
  reconnectSeconds?: number;
  /** Maximum findings per send; default 100. */
  maxBatchSize?: number;
  logger: Logger;
}

/**
 * Publishes findings to RabbitMQ through the RMQ transport of
 * @nestjs/microservices, as persistent JSON messages with publisher
 * confirms: a finding counts as delivered only once the broker confirmed it.
 */
export class BusOutput implements OutputAdapter {
  readonly type = 'bus';
  readonly name: string;
  readonly maxBatchSize: number;
  private readonly client: FindingsRmqClient;
  private readonly exchange?: string;
  private readonly mandatory: boolean;
  private readonly publishTimeoutMs: number;

  constructor(options: BusOutputOptions) {
    this.name = options.name;
    this.exchange = options.exchange;
    this.mandatory = options.mandatory ?? true;
    this.publishTimeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_BUS_BATCH_SIZE;

    const logger = options.logger.child({ output: options.name, outputType: 'bus' });
    const common = {
      urls: [options.url],
      socketOptions: {
        reconnectTimeInSeconds: options.reconnectSeconds ?? DEFAULT_RECONNECT_SECONDS,
      },
      persistent: true,
      publishTimeoutMs: this.publishTimeoutMs,
      logger,
    };
    const clientOptions: FindingsRmqClientOptions =
      options.exchange === undefined
        ? {
            ...common,
            queue: options.queue ?? DEFAULT_BUS_QUEUE,
            queueOptions: { durable: true },
          }
        : {
            ...common,
            exchange: options.exchange,
            exchangeType: 'topic',
            // ClientRMQ publishes to the exchange, with the pattern as routing key, only in this mode.
            wildcards: true,
            bindQueue:
              options.queue === undefined
                ? undefined
                : { queue: options.queue, bindingKey: options.bindingKey ?? '#' },
          };
    // ClientProxyFactory.create({ customClass }) would only call this
    // constructor, and its typing rejects subclasses of ClientRMQ.
    this.client = new (findingsRmqClientClass())(clientOptions);
  }

  /**
   * Connects if needed, then publishes every finding of the batch at once and
   * reports each one that the broker did not confirm. A failed connection
   * fails the whole batch retryably without publishing anything.
   */
  async send(batch: Finding[]): Promise<SendResult> {
    await this.connect();

    const outcomes = await Promise.allSettled(batch.map((finding) => this.publish(finding)));
    const failed: SendResult['failed'] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      failed.push({
        finding: batch[index],
        reason: `publishing failed: ${this.describePublishError(outcome.reason)}`,
        retryable: true,
      });
    });
    return { failed };
  }

  /**
   * Closes the channel and the connection. A hung broker never replies to the
   * close, so this waits at most `publishTimeoutMs`, then stops reconnection
   * and throws, which the engine logs. The socket itself closes once the
   * broker's heartbeats stop arriving.
   */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `closing the RabbitMQ connection did not finish within ${this.publishTimeoutMs} ms`,
            ),
          ),
        this.publishTimeoutMs,
      );
    });
    try {
      await Promise.race([this.client.close(), timeout]);
    } catch (error) {
      this.client.abandonConnection();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`connecting timed out after ${this.publishTimeoutMs} ms`)),
        this.publishTimeoutMs,
      );
    });

    try {
      await Promise.race([this.client.connect(), timeout]);
    } catch (error) {
      const setup = this.client.lastSetupError;
      const detail =
        setup === undefined ? '' : ` (channel setup failed: ${describeBusError(setup)})`;
      throw new DeliveryError(
        `connecting to RabbitMQ failed: ${describeBusError(error)}${detail}`,
        {
          retryable: true,
        },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** amqp-connection-manager rejects a message it dropped after the publish timeout with a bare "timeout". */
  private describePublishError(error: unknown): string {
    const text = describeBusError(error);
    return text === 'timeout'
      ? `the broker did not confirm the message within ${this.publishTimeoutMs} ms`
      : text;
  }

  private publish(finding: Finding): Promise<unknown> {
    const pattern = this.exchange === undefined ? FINDING_EVENT_PATTERN : buildRoutingKey(finding);
    const record = buildFindingRecord(finding, { mandatory: this.mandatory });
    return lastValueFrom(this.client.emit(pattern, record), { defaultValue: undefined });
  }
}
