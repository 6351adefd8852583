import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { FINDING_SCHEMA, parseJson, PRIORITIES, type Finding } from '@talaria/falco-event';
import * as amqplib from 'amqplib';

import { counterValue, eventually } from './support/test-forwarder';
import {
  readNdjsonFile,
  sampleAlerts,
  startYamlForwarder,
  type YamlForwarder,
} from './support/yaml-forwarder';

// These tests need a RabbitMQ broker: they run when RABBITMQ_URL names one (.ci/run sets it) and are skipped otherwise.
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? '';
// eslint-disable-next-line no-restricted-properties -- skipped only where no server is configured; .ci/run sets the URL
const describeWithBroker = RABBITMQ_URL === '' ? describe.skip : describe;
const NOTICE_OR_MORE = PRIORITIES.slice(0, PRIORITIES.indexOf('Notice') + 1) as readonly string[];
const RUN = `${process.pid}.${Date.now()}`;
const EXCHANGE = `talaria.it.findings.${RUN}`;
const QUEUE = `talaria.it.hermes.${RUN}`;

// Delivery through a whole forwarder takes seconds on a small machine.
jest.setTimeout(30_000);

// A real forwarder reads the output from YAML and publishes to the real RabbitMQ.
describeWithBroker('forwarder to the findings bus', () => {
  let forwarder: YamlForwarder;
  let connection: amqplib.ChannelModel;
  let channel: amqplib.Channel;
  let archivePath: string;
  const received: amqplib.ConsumeMessage[] = [];

  beforeAll(async () => {
    const closedPort = await unusedPort();
    forwarder = await startYamlForwarder(
      (directory) =>
        [
          '  - name: bus',
          '    type: bus',
          '    url: { env: TEST_BUS_URL }',
          `    exchange: ${EXCHANGE}`,
          `    queue: ${QUEUE}`,
          '    minPriority: Notice',
          '    lingerMs: 20',
          '  - name: bus-down',
          '    type: bus',
          '    url: { env: TEST_BUS_DOWN_URL }',
          '    minPriority: Critical',
          '    lingerMs: 20',
          '    retry: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 }',
          '  - name: archive',
          '    type: file',
          `    path: ${JSON.stringify(join(directory, 'archive.ndjson'))}`,
          '    lingerMs: 20',
        ].join('\n'),
      {
        TEST_BUS_URL: RABBITMQ_URL,
        TEST_BUS_DOWN_URL: `amqp://talaria:down-secret@127.0.0.1:${closedPort}`,
      },
    );
    archivePath = join(forwarder.directory, 'archive.ndjson');

    connection = await amqplib.connect(RABBITMQ_URL);
    channel = await connection.createChannel();
  });

  afterAll(async () => {
    // The broker outlives the test, so its queue and exchange go even if stopping fails.
    try {
      await forwarder?.stop();
    } finally {
      if (connection !== undefined) {
        const cleanup = await connection.createChannel();
        await cleanup.deleteQueue(QUEUE);
        await cleanup.deleteExchange(EXCHANGE);
        await connection.close();
      }
    }
  });

  const archivedFindings = (): Finding[] => readNdjsonFile(archivePath) as Finding[];

  it('publishes every Notice or worse finding', async () => {
    const alerts = sampleAlerts([
      'Delete Group',
      'Terminal shell in container',
      'Launch Privileged Container',
      'K8s Secret Get Successfully',
      'Web Server Spawned Shell',
      'Fileless execution via memfd_create',
    ]);
    await forwarder.postNdjson(alerts);
    await eventually(() => archivedFindings().length === alerts.length, 'all findings archived');
    const expected = archivedFindings().filter((finding) =>
      NOTICE_OR_MORE.includes(finding.priority),
    );

    // The output declares and binds the queue when it connects, before its first publish.
    await eventually(
      async () =>
        counterValue(await forwarder.metricsText(), 'talaria_output_delivered_total', {
          output: 'bus',
        }) === expected.length,
      `${expected.length} findings confirmed by the broker`,
    );
    await channel.consume(QUEUE, (message) => {
      if (message === null) return;
      received.push(message);
      channel.ack(message);
    });
    await eventually(() => received.length === expected.length, `${expected.length} messages`);

    const findings = received.map(
      (message) => (parseJson(message.content.toString('utf8')) as { data: Finding }).data,
    );
    expect(findings.map((finding) => finding.id).sort()).toEqual(
      expected.map((finding) => finding.id).sort(),
    );
    for (const [index, message] of received.entries()) {
      const finding = findings[index];
      expect(message.fields.routingKey).toBe(`prod-eu-1.${finding.priority.toLowerCase()}.unknown`);
      expect(message.properties).toMatchObject({
        deliveryMode: 2,
        messageId: finding.id,
        type: FINDING_SCHEMA,
      });
    }
    expect(
      received.some((message) => message.content.includes('"evt.time":1741673282000000000')),
    ).toBe(true);
  });

  it('dead-letters after retries when the broker is down', async () => {
    const critical = archivedFindings().filter((finding) => finding.priority === 'Critical');

    await eventually(
      () =>
        forwarder.readDeadLetters().filter((record) => record.output === 'bus-down').length ===
        critical.length,
      'findings for the unreachable broker dead-lettered',
    );

    expect(critical.length).toBeGreaterThan(0);
    const records = forwarder.readDeadLetters().filter((record) => record.output === 'bus-down');
    for (const record of records) {
      expect(record).toMatchObject({
        reason: 'retries_exhausted',
        attempts: 3,
        lastError: expect.stringContaining('connecting to RabbitMQ failed: connect ECONNREFUSED'),
      });
    }
    const metrics = await forwarder.metricsText();
    expect(
      counterValue(metrics, 'talaria_output_dead_lettered_total', { output: 'bus-down' }),
    ).toBe(critical.length);
    expect(JSON.stringify(forwarder.logLines)).not.toContain('down-secret');
    expect(readFileSync(forwarder.deadLetterPath, 'utf8')).not.toContain('down-secret');
  });
});

/** Returns a loopback port that nothing listens on. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
