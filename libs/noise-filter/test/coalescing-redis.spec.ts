import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { CoalescingChannel, RedisStormStore } from '../src';
import {
  describeCoalescingBehaviour,
  enqueueAll,
  shell,
  TestClock,
} from './support/coalescing-behaviour';
import { RecordingChannel } from './support/recording-channel';
import { captureLogger } from './support/telemetry';

// These tests need a Redis server: they run when REDIS_URL names one (.ci/run sets it) and are skipped otherwise.
const REDIS_URL = process.env.REDIS_URL ?? '';
// eslint-disable-next-line no-restricted-properties -- skipped only where no server is configured; .ci/run sets the URL
const describeWithRedis = REDIS_URL === '' ? describe.skip : describe;
// One prefix per run, so parallel runs and leftovers never mix.
const RUN_PREFIX = `talaria-test:${randomUUID()}:`;

describeWithRedis('CoalescingChannel with the Redis store', () => {
  let client: Redis;
  let storeNumber = 0;

  beforeAll(async () => {
    client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
  });

  afterAll(async () => {
    const keys = await client.keys(`${RUN_PREFIX}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  const newStore = () => {
    storeNumber += 1;
    return new RedisStormStore({
      client,
      keyPrefix: `${RUN_PREFIX}${storeNumber}:`,
      ttlMs: 60 * 60 * 1000,
    });
  };

  describeCoalescingBehaviour(newStore);

  it('coalesces across replicas that share a prefix', async () => {
    const keyPrefix = `${RUN_PREFIX}shared:`;
    const clock = new TestClock();
    const replicas = [0, 1].map(() => {
      const registry = new Registry();
      const inner = new RecordingChannel();
      const channel = new CoalescingChannel({
        inner,
        store: new RedisStormStore({ client, keyPrefix, ttlMs: 60_000 }),
        settings: {
          mode: 'coalesce',
          windowMs: 10_000,
          fields: ['rule', 'proc.name'],
          ruleKeyFields: {},
        },
        registry,
        logger: captureLogger().logger,
        now: clock.now,
        tickMs: 60 * 60 * 1000,
      });
      return { channel, inner };
    });

    await Promise.all(
      replicas.map(({ channel }) =>
        enqueueAll(
          channel,
          Array.from({ length: 20 }, () => shell()),
        ),
      ),
    );
    clock.advance(10_000);
    await Promise.all(replicas.map(({ channel }) => channel.sendClosedWindows()));

    const received = replicas.flatMap(({ inner }) => inner.received);
    expect(received.filter((finding) => finding.coalesced === undefined)).toHaveLength(1);
    expect(
      received
        .filter((finding) => finding.coalesced !== undefined)
        .map((finding) => finding.coalesced?.count),
    ).toEqual([39]);
  });

  it('keeps evt.time exact in a summary read back from Redis', async () => {
    const store = newStore();
    const clock = new TestClock();
    const inner = new RecordingChannel();
    const channel = new CoalescingChannel({
      inner,
      store,
      settings: { mode: 'coalesce', windowMs: 10_000, fields: ['rule'], ruleKeyFields: {} },
      registry: new Registry(),
      logger: captureLogger().logger,
      now: clock.now,
      tickMs: 60 * 60 * 1000,
    });

    await enqueueAll(channel, [shell(), shell()]);
    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(inner.summaries[0].alert.output_fields?.['evt.time']).toBe(1741673282123456789n);
  });

  it('leaves no key behind once storms end', async () => {
    const store = newStore();
    const prefix = `${RUN_PREFIX}${storeNumber}:`;
    const clock = new TestClock();
    const channel = new CoalescingChannel({
      inner: new RecordingChannel(),
      store,
      settings: { mode: 'coalesce', windowMs: 10_000, fields: ['rule'], ruleKeyFields: {} },
      registry: new Registry(),
      logger: captureLogger().logger,
      now: clock.now,
      tickMs: 60 * 60 * 1000,
    });

    await enqueueAll(channel, [shell(), shell()]);
    clock.advance(10_000);
    await channel.sendClosedWindows();
    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(await client.keys(`${prefix}*`)).toEqual([]);
  });
});
