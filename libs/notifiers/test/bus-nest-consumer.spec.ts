import 'reflect-metadata';

import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Ctx,
  EventPattern,
  Payload,
  RmqContext,
  ServerRMQ,
  type RmqOptions,
} from '@nestjs/microservices';
import { parseJson, type Finding } from '@talaria/falco-event';

import { BusOutput } from '../src/adapters/bus/bus-output';
import { captureLogger } from './support/capture-logger';
import { corpusFinding } from './support/corpus-findings';
import { eventually } from '@talaria/testing';
import { BrokerProbe, describeWithBroker, RABBITMQ_URL, uniqueName } from './support/rabbitmq';

/**
 * Nest's RMQ server with lossless JSON, so `evt.time` keeps every digit.
 * `parseMessageContent` is private in Nest's typings, so the instance shadows
 * it instead of a subclass method overriding it.
 */
class LosslessServerRmq extends ServerRMQ {
  constructor(options: NonNullable<RmqOptions['options']>) {
    super(options);
    Object.assign(this, {
      parseMessageContent: (content: Buffer): unknown => parseJson(content.toString('utf8')),
    });
  }
}

const received: Array<{ pattern: string; finding: Finding }> = [];

@Controller()
class CriticalFindingsController {
  @EventPattern('prod-eu-1.critical.*')
  onCritical(@Payload() finding: Finding, @Ctx() context: RmqContext): void {
    received.push({ pattern: context.getPattern(), finding });
  }
}

@Module({ controllers: [CriticalFindingsController] })
class ConsumerModule {}

describeWithBroker('bus with a NestJS consumer', () => {
  let probe: BrokerProbe;
  let consumer: INestMicroservice;
  let output: BusOutput;
  const exchange = uniqueName('exchange');
  const queue = uniqueName('nest-consumer');

  beforeAll(async () => {
    probe = await BrokerProbe.open();
    probe.track({ exchange, queue });
    consumer = await NestFactory.createMicroservice(ConsumerModule, {
      strategy: new LosslessServerRmq({
        urls: [RABBITMQ_URL],
        queue,
        queueOptions: { durable: true },
        exchange,
        exchangeType: 'topic',
        wildcards: true,
      }),
      logger: false,
    });
    await consumer.listen();
    output = new BusOutput({
      name: 'bus',
      url: RABBITMQ_URL,
      exchange,
      logger: captureLogger().logger,
    });
  });

  afterAll(async () => {
    try {
      await output?.close();
      await consumer?.close();
    } finally {
      await probe?.cleanUp();
    }
  });

  it('delivers matching findings to an event handler', async () => {
    const base = corpusFinding('Delete Group');
    const owner = {
      status: 'known',
      service: 'api',
      team: 'payments',
      matchedBy: 'label',
    } as const;
    const critical: Finding = { ...base, id: uniqueName('critical'), priority: 'Critical', owner };
    const warning: Finding = { ...base, id: uniqueName('warning'), priority: 'Warning', owner };

    const result = await output.send([warning, critical]);

    // No queue is bound for warnings, so the broker returns that message.
    expect(result.failed.map((failure) => failure.finding.id)).toEqual([warning.id]);
    expect(result.failed[0].reason).toContain('no queue is bound');
    await eventually(() => received.length === 1, 'critical finding handled');
    expect(received[0].pattern).toBe('prod-eu-1.critical.payments');
    expect(received[0].finding.id).toBe(critical.id);
    expect(received[0].finding.alert.output_fields?.['evt.time']).toBe(1741673282000000000n);
  });
});
