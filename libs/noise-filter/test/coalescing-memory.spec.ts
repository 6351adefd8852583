import { Registry } from 'prom-client';
import { CoalescingChannel, MemoryStormStore, type StormStore } from '../src';
import {
  describeCoalescingBehaviour,
  enqueueAll,
  shell,
  TestClock,
} from './support/coalescing-behaviour';
import { RecordingChannel } from './support/recording-channel';
import { captureLogger, metricValue } from './support/telemetry';

describe('CoalescingChannel with the memory store', () => {
  describeCoalescingBehaviour(() => new MemoryStormStore());

  it('sends alerts untracked beyond the maximum of storms', async () => {
    const registry = new Registry();
    const { logger } = captureLogger();
    const inner = new RecordingChannel();
    const settings = {
      mode: 'coalesce' as const,
      windowMs: 10_000,
      fields: ['proc.name'],
      ruleKeyFields: {},
    };
    const channel = new CoalescingChannel({
      inner,
      store: new MemoryStormStore(1),
      settings,
      registry,
      logger,
    });

    await enqueueAll(channel, [
      shell({ fields: { 'proc.name': 'a' } }),
      shell({ fields: { 'proc.name': 'b' } }),
      shell({ fields: { 'proc.name': 'b' } }),
    ]);

    expect(inner.received).toHaveLength(3);
    expect(
      await metricValue(registry, 'talaria_coalescing_untracked_total', { output: 'slack' }),
    ).toBe(2);
    await channel.close();
  });

  it('reports the backlog of the output it wraps', async () => {
    const inner = new RecordingChannel('archive');
    const channel = new CoalescingChannel({
      inner,
      store: new MemoryStormStore(),
      settings: { mode: 'tag', windowMs: 10_000, fields: ['proc.name'], ruleKeyFields: {} },
      registry: new Registry(),
      logger: captureLogger().logger,
    });

    expect(channel.backlogged).toBe(false);
    inner.backlogged = true;
    expect(channel.backlogged).toBe(true);
    await channel.close();
  });

  it('closes windows on its own timer in tag mode', async () => {
    const store = new MemoryStormStore();
    const clock = new TestClock();
    const settings = {
      mode: 'tag' as const,
      windowMs: 10_000,
      fields: ['proc.name'],
      ruleKeyFields: {},
    };
    const { logger, lines } = captureLogger();
    const channel = new CoalescingChannel({
      inner: new RecordingChannel('archive'),
      store,
      settings,
      registry: new Registry(),
      logger,
      now: clock.now,
      tickMs: 5,
    });

    await enqueueAll(channel, [shell(), shell()]);
    // The first window closes with a folded alert and renews; the second closes empty and ends the storm.
    for (let window = 0; window < 2; window += 1) {
      clock.advance(20_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(store.size).toBe(0);
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    await channel.close();
  });

  it('sends alerts as they are when the store fails', async () => {
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const inner = new RecordingChannel();
    const failing: StormStore = {
      observe: () => Promise.reject(new Error('connection refused')),
      keepSample: () => Promise.reject(new Error('connection refused')),
      collect: () => Promise.reject(new Error('connection refused')),
      takeToken: () => Promise.reject(new Error('connection refused')),
      close: async () => undefined,
    };
    const settings = {
      mode: 'coalesce' as const,
      windowMs: 10_000,
      fields: ['proc.name'],
      ruleKeyFields: {},
    };
    const channel = new CoalescingChannel({ inner, store: failing, settings, registry, logger });

    const outcomes = await enqueueAll(channel, [shell(), shell(), shell()]);

    expect(outcomes).toEqual(['delivered', 'delivered', 'delivered']);
    expect(inner.received).toHaveLength(3);
    expect(
      await metricValue(registry, 'talaria_coalescing_store_errors_total', {
        operation: 'observe',
      }),
    ).toBe(3);
    expect(
      lines.filter((line) => String(line.msg).startsWith('coalescing store failed')),
    ).toHaveLength(1);
    await channel.close();
  });

  it('finishes admissions before every concurrent drain', async () => {
    const memory = new MemoryStormStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: StormStore = {
      observe: async (...args) => {
        await gate;
        return memory.observe(...args);
      },
      keepSample: (...args) => memory.keepSample(...args),
      collect: (...args) => memory.collect(...args),
      takeToken: (...args) => memory.takeToken(...args),
      close: () => memory.close(),
    };
    const inner = new RecordingChannel('archive');
    const channel = new CoalescingChannel({
      inner,
      store: slow,
      settings: { mode: 'tag', windowMs: 10_000, fields: ['proc.name'], ruleKeyFields: {} },
      registry: new Registry(),
      logger: captureLogger().logger,
    });
    for (const finding of [shell(), shell(), shell()]) channel.enqueue(finding, () => undefined);

    const drains = [channel.drain(Date.now() + 5000), channel.drain(Date.now() + 5000)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.received).toHaveLength(0);
    release();

    await expect(Promise.all(drains)).resolves.toHaveLength(2);
    expect(inner.received).toHaveLength(3);
    await channel.close();
  });
});
