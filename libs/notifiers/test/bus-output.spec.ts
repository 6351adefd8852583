import { FINDING_SCHEMA, parseJson, type Finding } from '@talaria/falco-event';

import { BusOutput, type BusOutputOptions } from '../src/adapters/bus/bus-output';
import { DeliveryError } from '../src/delivery/delivery-error';
import { captureLogger } from './support/capture-logger';
import { corpusFinding, corpusFindings } from './support/corpus-findings';
import { BrokerProbe, describeWithBroker, RABBITMQ_URL, uniqueName } from './support/rabbitmq';
import { unusedPort } from './support/tcp-proxy';

/** The envelope ClientRMQ writes around every event. */
interface Envelope {
  pattern: string;
  data: Finding;
}

describeWithBroker('BusOutput against RabbitMQ', () => {
  let probe: BrokerProbe;
  const outputs: BusOutput[] = [];

  beforeEach(async () => {
    probe = await BrokerProbe.open();
  });

  afterEach(async () => {
    // Queues on the shared broker are deleted even when an output fails to close.
    await Promise.allSettled(outputs.splice(0).map((output) => output.close()));
    await probe.cleanUp();
  });

  function createOutput(options: Partial<BusOutputOptions> = {}): BusOutput {
    const output = new BusOutput({
      name: 'bus',
      url: RABBITMQ_URL,
      logger: captureLogger().logger,
      ...options,
    });
    outputs.push(output);
    return output;
  }

  function withOwner(finding: Finding, team: string, priority: Finding['priority']): Finding {
    return {
      ...finding,
      id: uniqueName('finding'),
      priority,
      owner: { status: 'known', service: 'api', team, matchedBy: 'namespace label' },
    };
  }

  it('publishes persistent messages to a durable queue', async () => {
    const queue = uniqueName('queue');
    probe.track({ queue });
    const finding = corpusFinding('Delete Group');

    const result = await createOutput({ queue }).send([finding]);

    expect(result).toEqual({ failed: [] });
    const [message] = await probe.take(queue, 1);
    expect(message.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/json',
      messageId: finding.id,
      type: FINDING_SCHEMA,
      appId: 'talaria',
      headers: { 'x-talaria-schema': FINDING_SCHEMA },
    });
    const envelope = parseJson(message.content.toString('utf8')) as Envelope;
    expect(envelope.pattern).toBe('talaria.finding');
    expect(envelope.data.id).toBe(finding.id);
    expect(envelope.data.alert.output_fields?.['evt.time']).toBe(1741673282000000000n);
    expect(message.content.toString('utf8')).toContain('"evt.time":1741673282000000000');
    expect(await probe.isDurableQueue(queue)).toBe(true);
  });

  it('routes by cluster, priority and team', async () => {
    const exchange = uniqueName('exchange');
    const criticalQueue = await probe.bindQueue(exchange, 'prod-eu-1.critical.*');
    const paymentsQueue = await probe.bindQueue(exchange, '*.*.payments');
    const base = corpusFinding('Delete Group');
    const critical = withOwner(base, 'payments', 'Critical');
    const warning = withOwner(base, 'payments', 'Warning');
    const otherTeam = withOwner(base, 'search', 'Critical');

    const result = await createOutput({ exchange }).send([critical, warning, otherTeam]);

    expect(result.failed).toEqual([]);
    const criticalMessages = await probe.take(criticalQueue, 2);
    const paymentsMessages = await probe.take(paymentsQueue, 2);
    expect(criticalMessages.map((message) => message.fields.routingKey).sort()).toEqual([
      'prod-eu-1.critical.payments',
      'prod-eu-1.critical.search',
    ]);
    expect(paymentsMessages.map((message) => message.properties.messageId).sort()).toEqual(
      [critical.id, warning.id].sort(),
    );
    expect(paymentsMessages.every((message) => message.properties.deliveryMode === 2)).toBe(true);
    expect(await probe.messageCount(criticalQueue)).toBe(0);
    expect(await probe.isDurableTopicExchange(exchange)).toBe(true);
  });

  it('routes unowned findings to unknown', async () => {
    const exchange = uniqueName('exchange');
    const queue = await probe.bindQueue(exchange, '#');

    await createOutput({ exchange }).send([corpusFinding('Delete Group')]);

    const [message] = await probe.take(queue, 1);
    expect(message.fields.routingKey).toBe('prod-eu-1.warning.unknown');
    const envelope = JSON.parse(message.content.toString('utf8')) as Envelope;
    expect(envelope.pattern).toBe('prod-eu-1.warning.unknown');
  });

  it('keeps wildcards out of routing keys', async () => {
    const exchange = uniqueName('exchange');
    const queue = await probe.bindQueue(exchange, '#');
    const finding = withOwner(corpusFinding('Delete Group'), 'pay.ments*#', 'Error');

    await createOutput({ exchange }).send([finding]);

    const [message] = await probe.take(queue, 1);
    expect(message.fields.routingKey).toBe('prod-eu-1.error.pay_ments__');
  });

  it('fails findings that no queue receives', async () => {
    const exchange = uniqueName('exchange');
    probe.track({ exchange });
    const finding = corpusFinding('Delete Group');

    const result = await createOutput({ exchange }).send([finding]);

    expect(result.failed).toEqual([
      {
        finding,
        reason: expect.stringContaining(
          `no queue is bound to exchange ${exchange} for routing key prod-eu-1.warning.unknown`,
        ),
        retryable: true,
      },
    ]);
  });

  it('keeps findings in a bound queue', async () => {
    const exchange = uniqueName('exchange');
    const queue = uniqueName('queue');
    probe.track({ exchange, queue });
    const findings = corpusFindings().slice(0, 5);

    const result = await createOutput({ exchange, queue }).send(findings);

    expect(result.failed).toEqual([]);
    const messages = await probe.take(queue, 5);
    expect(messages.map((message) => message.properties.messageId).sort()).toEqual(
      findings.map((finding) => finding.id).sort(),
    );
  });

  it('publishes without mandatory when asked', async () => {
    const exchange = uniqueName('exchange');
    probe.track({ exchange });

    const result = await createOutput({ exchange, mandatory: false }).send([
      corpusFinding('Delete Group'),
    ]);

    expect(result.failed).toEqual([]);
  });

  it('fails the batch when the broker is unreachable', async () => {
    const port = await unusedPort();
    const output = createOutput({ url: `amqp://guest:hunter2@127.0.0.1:${port}` });

    const failure = await output.send([corpusFinding('Delete Group')]).catch((error) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).retryable).toBe(true);
    expect((failure as DeliveryError).message).toContain('connecting to RabbitMQ failed');
    expect((failure as DeliveryError).message).toContain('ECONNREFUSED');
    expect((failure as DeliveryError).message).not.toContain('hunter2');
  });

  it('reports a failed channel setup', async () => {
    const exchange = uniqueName('exchange');
    const queue = uniqueName('queue');
    probe.track({ exchange, queue });
    // A queue that exists with other settings makes the output's declaration fail.
    await probe.channel.assertQueue(queue, { durable: false });
    const { logger, lines } = captureLogger();
    const output = createOutput({ exchange, queue, publishTimeoutMs: 1000, logger });

    const failure = (await output
      .send([corpusFinding('Delete Group')])
      .catch((error) => error)) as DeliveryError;

    expect(failure.retryable).toBe(true);
    expect(failure.message).toContain('channel setup failed');
    expect(failure.message).toContain('PRECONDITION_FAILED');
    expect(lines.some((line) => String(line.err).includes('PRECONDITION_FAILED'))).toBe(true);
  });
});
