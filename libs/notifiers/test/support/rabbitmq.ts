import * as amqplib from 'amqplib';

/** The broker the tests use, from RABBITMQ_URL, which .ci/run sets; empty when unset. */
export const RABBITMQ_URL = process.env.RABBITMQ_URL ?? '';

/** `describe` when RABBITMQ_URL names a broker, else `describe.skip`, so a machine without RabbitMQ still passes. */
// eslint-disable-next-line no-restricted-properties -- skipped only where no server is configured; .ci/run sets the URL
export const describeWithBroker = RABBITMQ_URL === '' ? describe.skip : describe;

let sequence = 0;

/** Returns a queue or exchange name no other test run uses. */
export function uniqueName(purpose: string): string {
  sequence += 1;
  return `talaria.test.${purpose}.${process.pid}.${Date.now()}.${sequence}`;
}

/**
 * An amqplib connection for checking what the output published. It records
 * the queues and exchanges a test names so `cleanUp` deletes them.
 */
export class BrokerProbe {
  private queues = new Set<string>();
  private exchanges = new Set<string>();

  private constructor(
    private readonly connection: amqplib.ChannelModel,
    readonly channel: amqplib.Channel,
  ) {}

  static async open(): Promise<BrokerProbe> {
    const connection = await amqplib.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    return new BrokerProbe(connection, channel);
  }

  /** Registers names for deletion without declaring them, for those the output declares. */
  track(names: { queue?: string; exchange?: string }): void {
    if (names.queue !== undefined) this.queues.add(names.queue);
    if (names.exchange !== undefined) this.exchanges.add(names.exchange);
  }

  /** Declares a durable queue bound to `exchange` with `bindingKey`, declaring the exchange too. */
  async bindQueue(exchange: string, bindingKey: string): Promise<string> {
    const queue = uniqueName('consumer');
    this.track({ queue, exchange });
    await this.channel.assertExchange(exchange, 'topic', { durable: true });
    await this.channel.assertQueue(queue, { durable: true });
    await this.channel.bindQueue(queue, exchange, bindingKey);
    return queue;
  }

  /** Waits until `queue` contains `count` messages and takes them, acknowledging each. */
  async take(queue: string, count: number, timeoutMs = 5000): Promise<amqplib.GetMessage[]> {
    const messages: amqplib.GetMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count) {
      const message = await this.channel.get(queue, { noAck: false });
      if (message === false) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} messages on ${queue}; received ${messages.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      this.channel.ack(message);
      messages.push(message);
    }
    return messages;
  }

  /** Returns the number of messages waiting on `queue`. */
  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /**
   * Returns whether `queue` is durable. Redeclaring a queue with another
   * durability fails with PRECONDITION_FAILED and closes the channel, so
   * the check runs on a channel of its own.
   */
  async isDurableQueue(queue: string): Promise<boolean> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertQueue(queue, { durable: true });
      await channel.close();
      return true;
    } catch {
      return false;
    }
  }

  /** Returns whether `exchange` is a durable topic exchange, checked as for queues. */
  async isDurableTopicExchange(exchange: string): Promise<boolean> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.close();
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes every queue and exchange the test named, then closes the connection. */
  async cleanUp(): Promise<void> {
    const channel = await this.connection.createChannel();
    for (const queue of this.queues) await channel.deleteQueue(queue);
    for (const exchange of this.exchanges) await channel.deleteExchange(exchange);
    await this.connection.close();
  }
}
