import { ClientRMQ, type ReadPacket, type RmqOptions } from '@nestjs/microservices';
import { stringifyJson } from '@talaria/falco-event';
import type { Logger } from '@talaria/telemetry';

import { UnroutableMessageError } from './bus-errors';
import { NestLoggerBridge } from './nest-logger-bridge';

/** The subset of amqplib's ConfirmChannel that the client uses during setup. */
interface SetupChannel {
  assertExchange(exchange: string, type: string, options: { durable: boolean }): Promise<unknown>;
  assertQueue(queue: string, options: { durable: boolean }): Promise<unknown>;
  bindQueue(queue: string, exchange: string, pattern: string): Promise<unknown>;
  on(event: 'return', listener: (message: { properties: { messageId?: string } }) => void): void;
}

/** The subset of amqp-connection-manager's ChannelWrapper that publishing uses. */
interface PublishChannel {
  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Record<string, unknown>,
    done: (error?: unknown) => void,
  ): unknown;
  sendToQueue(
    queue: string,
    content: Buffer,
    options: Record<string, unknown>,
    done: (error?: unknown) => void,
  ): unknown;
}

export type FindingsRmqClientOptions = NonNullable<RmqOptions['options']> & {
  /** Maximum time in ms a message may wait for the broker's confirm. */
  publishTimeoutMs: number;
  /** With an exchange: a durable queue declared and bound at connect, so findings wait for consumers. */
  bindQueue?: { queue: string; bindingKey: string };
  logger: Logger;
};

/**
 * The RMQ transport client of @nestjs/microservices with three changes that
 * delivery needs:
 *
 * - Messages are serialised with stringifyJson, because ClientRMQ uses
 *   JSON.stringify, which throws on the bigints of `evt.time`.
 * - Each message gets a publish timeout, after which amqp-connection-manager
 *   drops it from its queue and the emit fails instead of waiting for a
 *   broker that is down.
 * - A mandatory message the broker returns as unroutable fails its emit. The
 *   broker sends basic.return before the confirm of such a message, so the
 *   return is known when the confirm arrives.
 *
 * Everything else, connection management and the publisher confirms that
 * resolve `emit()` only once the broker has the message, is ClientRMQ's.
 */
export class FindingsRmqClient extends ClientRMQ {
  private readonly publishTimeoutMs: number;
  private readonly bindQueue?: { queue: string; bindingKey: string };
  private readonly returnedMessageIds = new Set<string>();
  /** The first error of channel setup since it last succeeded, such as a queue declared with other arguments. */
  lastSetupError?: unknown;

  constructor(options: FindingsRmqClientOptions) {
    const { publishTimeoutMs, bindQueue, logger, ...rmqOptions } = options;
    super(rmqOptions);
    this.publishTimeoutMs = publishTimeoutMs;
    this.bindQueue = bindQueue;
    // ClientRMQ logs through a Nest Logger it creates itself; this routes
    // those lines to the forwarder's structured log.
    Object.defineProperty(this, 'logger', { value: new NestLoggerBridge(logger) });
  }

  /**
   * Creates the channel as ClientRMQ does and listens to its errors, which
   * amqp-connection-manager emits when a setup step fails. Without a
   * listener, Node would throw them as unhandled `error` events.
   */
  override createChannel(): Promise<void> {
    const ready = super.createChannel();
    (this.channel as { on(event: 'error', listener: (error: unknown) => void): void }).on(
      'error',
      (error) => {
        this.lastSetupError ??= error;
        this.logger.error(error);
      },
    );
    return ready;
  }

  override async setupChannel(channel: SetupChannel, resolve: () => void): Promise<void> {
    try {
      channel.on('return', (message) => {
        const messageId = message.properties.messageId;
        if (messageId !== undefined) this.returnedMessageIds.add(messageId);
      });

      const exchange = this.options.exchange;
      if (exchange !== undefined && this.bindQueue !== undefined) {
        await channel.assertExchange(exchange, this.options.exchangeType ?? 'topic', {
          durable: true,
        });
        await channel.assertQueue(this.bindQueue.queue, { durable: true });
        await channel.bindQueue(this.bindQueue.queue, exchange, this.bindQueue.bindingKey);
      }
      await super.setupChannel(channel, resolve);
      this.lastSetupError = undefined;
    } catch (error) {
      // The first failure is the cause; later ones, such as "Channel ended", follow from it.
      this.lastSetupError ??= error;
      throw error;
    }
  }

  /**
   * Closes the connection manager without waiting for the broker, for when
   * `close()` hangs on a broker that stopped replying. ClientRMQ closes the
   * manager only after the channel, so without this the manager would keep
   * reconnecting once the socket died.
   */
  abandonConnection(): void {
    const manager = this.client as { close(): Promise<unknown> } | null;
    void manager?.close().catch(() => undefined);
  }

  /** Publishes one event the way ClientRMQ does, with the three changes described above. */
  protected override dispatchEvent(packet: ReadPacket): Promise<void> {
    const serialized = this.serializer.serialize(packet) as ReadPacket & {
      options?: Record<string, unknown> & { headers?: Record<string, string> };
    };
    const { options = {}, ...message } = serialized;
    const content = Buffer.from(stringifyJson(message), 'utf8');
    const sendOptions: Record<string, unknown> = {
      persistent: this.options.persistent ?? true,
      ...options,
      headers: this.mergeHeaders(options.headers),
      timeout: this.publishTimeoutMs,
    };
    const messageId = typeof options.messageId === 'string' ? options.messageId : undefined;
    const channel = this.channel as PublishChannel;

    return new Promise((resolve, reject) => {
      const done = (error?: unknown): void => {
        const returned = messageId !== undefined && this.returnedMessageIds.delete(messageId);
        if (error !== undefined && error !== null) reject(error);
        else if (returned)
          reject(new UnroutableMessageError(this.exchangeName, String(packet.pattern)));
        else resolve();
      };

      if (this.options.wildcards === true) {
        channel.publish(this.exchangeName, String(packet.pattern), content, sendOptions, done);
      } else {
        channel.sendToQueue(this.queue, content, sendOptions, done);
      }
    });
  }

  private get exchangeName(): string {
    return this.options.exchange ?? this.queue;
  }
}
