import { stringifyJson } from '@talaria/falco-event';

import { BusOutput } from '../src/adapters/bus/bus-output';
import { channelHarness } from './support/channel-harness';
import { captureLogger } from './support/capture-logger';
import { corpusFinding } from './support/corpus-findings';
import { BrokerProbe, describeWithBroker, RABBITMQ_URL, uniqueName } from './support/rabbitmq';
import { TcpProxy, unusedPort } from './support/tcp-proxy';

// Empty without RABBITMQ_URL, when the tests below are skipped.
const broker = RABBITMQ_URL === '' ? undefined : new URL(RABBITMQ_URL);
const BROKER_PORT = Number(broker?.port || 5672);
const { username, password } = broker ?? { username: '', password: '' };

describeWithBroker('bus delivery under failure', () => {
  let probe: BrokerProbe;
  let proxy: TcpProxy;
  const outputs: BusOutput[] = [];

  beforeEach(async () => {
    probe = await BrokerProbe.open();
    proxy = new TcpProxy(await unusedPort(), BROKER_PORT);
  });

  afterEach(async () => {
    // Queues on the shared broker are deleted even when an output fails to close.
    try {
      await Promise.allSettled(outputs.splice(0).map((output) => output.close()));
      await proxy.stop();
    } finally {
      await probe.cleanUp();
    }
  });

  function createOutput(queue: string, logger = captureLogger().logger): BusOutput {
    const output = new BusOutput({
      name: 'bus',
      url: `amqp://${username}:${password}@127.0.0.1:${proxy.port}`,
      queue,
      reconnectSeconds: 1,
      publishTimeoutMs: 2000,
      logger,
    });
    outputs.push(output);
    return output;
  }

  it('dead-letters after retries while the broker is down', async () => {
    const queue = uniqueName('queue');
    const { logger, lines } = captureLogger();
    const harness = channelHarness(createOutput(queue, logger), {
      random: () => 0.999,
      retry: { initialDelayMs: 40, maxDelayMs: 1000, maxAttempts: 4 },
    });
    const finding = corpusFinding('Delete Group');
    const started = Date.now();

    const outcome = await harness.deliver(finding);

    expect(outcome).toBe('dead_lettered');
    // Full jitter at 0.999 waits about 40, 80 and 160 ms between the four attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(270);
    expect(harness.deadLetter.records[0]).toMatchObject({
      output: 'bus',
      reason: 'retries_exhausted',
      attempts: 4,
      lastError: expect.stringContaining('connecting to RabbitMQ failed: connect ECONNREFUSED'),
    });
    expect(await harness.counter('talaria_output_retries_total')).toBe(3);
    const logged = stringifyJson([...lines, ...harness.logLines, harness.deadLetter.records]);
    expect(logged).not.toContain(`:${password}@`);
  });

  it('delivers once the broker is back', async () => {
    const queue = uniqueName('queue');
    probe.track({ queue });
    const harness = channelHarness(createOutput(queue), {
      retry: { initialDelayMs: 200, maxDelayMs: 500, maxAttempts: 30 },
      // The circuit opens after five failed sends; a short cooldown keeps the test short.
      circuit: { cooldownMs: 200 },
    });
    const finding = corpusFinding('Delete Group');

    const delivery = harness.deliver(finding);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await proxy.start();

    expect(await delivery).toBe('delivered');
    expect(await harness.counter('talaria_output_retries_total')).toBeGreaterThan(0);
    const [message] = await probe.take(queue, 1);
    expect(message.properties.messageId).toBe(finding.id);
  });

  it('recovers from a dropped connection', async () => {
    const queue = uniqueName('queue');
    probe.track({ queue });
    await proxy.start();
    const harness = channelHarness(createOutput(queue), {
      retry: { initialDelayMs: 200, maxDelayMs: 500, maxAttempts: 30 },
      // The circuit opens after five failed sends; a short cooldown keeps the test short.
      circuit: { cooldownMs: 200 },
    });
    const before = corpusFinding('Delete Group');
    const after = { ...corpusFinding('Delete Group'), id: uniqueName('finding') };

    expect(await harness.deliver(before)).toBe('delivered');
    await proxy.stop();
    const delivery = harness.deliver(after);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await proxy.start();

    expect(await delivery).toBe('delivered');
    const messages = await probe.take(queue, 2);
    expect(messages.map((message) => message.properties.messageId)).toEqual([before.id, after.id]);
  });

  it('never counts an unconfirmed finding delivered', async () => {
    const queue = uniqueName('queue');
    probe.track({ queue });
    await proxy.start();
    const output = new BusOutput({
      name: 'bus',
      url: `amqp://${username}:${password}@127.0.0.1:${proxy.port}`,
      queue,
      publishTimeoutMs: 500,
      // The manager waits this long after the socket dies before it checks that it was closed.
      reconnectSeconds: 1,
      logger: captureLogger().logger,
    });
    outputs.push(output);
    const before = corpusFinding('Delete Group');
    const unconfirmed = { ...corpusFinding('Delete Group'), id: uniqueName('finding') };

    expect(await output.send([before])).toEqual({ failed: [] });
    proxy.pause();
    const result = await output.send([unconfirmed]);

    expect(result.failed).toEqual([
      {
        finding: unconfirmed,
        reason: 'publishing failed: the broker did not confirm the message within 500 ms',
        retryable: true,
      },
    ]);
    await expect(outputs.pop()!.close()).rejects.toThrow(
      'closing the RabbitMQ connection did not finish within 500 ms',
    );
  });

  it('dead-letters unroutable findings after retries', async () => {
    const exchange = uniqueName('exchange');
    probe.track({ exchange });
    await proxy.start();
    const output = new BusOutput({
      name: 'bus',
      url: RABBITMQ_URL,
      exchange,
      logger: captureLogger().logger,
    });
    outputs.push(output);
    const harness = channelHarness(output, { retry: { maxAttempts: 3 } });

    const outcome = await harness.deliver(corpusFinding('Delete Group'));

    expect(outcome).toBe('dead_lettered');
    expect(harness.deadLetter.records[0]).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 3,
      lastError: expect.stringContaining('no queue is bound'),
    });
  });
});
