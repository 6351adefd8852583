import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { thrownBy } from '@talaria/testing';
import { CoalescingChannel, NoiseConfigError, NoiseControl, parseNoiseConfig } from '../src';
import { enqueueAll, shell } from './support/coalescing-behaviour';
import { RecordingChannel } from './support/recording-channel';
import { captureLogger } from './support/telemetry';

const deadLetter = { write: async () => undefined, close: async () => undefined };

function issuesOf(raw: unknown): string[] {
  return thrownBy(() => parseNoiseConfig(raw), NoiseConfigError).issues;
}

// The Redis test needs a Redis server: it runs when REDIS_URL names one (.ci/run sets it) and is skipped otherwise.
// eslint-disable-next-line no-restricted-properties -- skipped only where no server is configured; .ci/run sets the URL
const itWithRedis = process.env.REDIS_URL ? it : it.skip;

describe('parseNoiseConfig', () => {
  it('applies defaults to an absent section', () => {
    const config = parseNoiseConfig(undefined);

    expect(config.dryRun).toBe(false);
    expect(config.store).toEqual({ type: 'memory', maxStorms: 200_000 });
    expect(config.coalescing.windowMs).toBe(60_000);
    expect(config.coalescing.fields).toEqual([
      'rule',
      'cluster',
      'namespace',
      'workload',
      'proc.name',
    ]);
    expect(config.suppressedOutput).toBeUndefined();
  });

  it('reads every key', () => {
    const config = parseNoiseConfig({
      dryRun: true,
      suppressedOutput: { path: 'var/suppressed.ndjson', maxBytes: '64MiB', maxFiles: 3 },
      store: { type: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: 'team:' },
      coalescing: { windowSeconds: 30, ruleKeyFields: { 'Write below etc': ['fd.name'] } },
      outputs: {
        slack: {
          mode: 'coalesce',
          windowSeconds: 10,
          rateLimit: { perMinute: 30, burst: 5 },
          ownerRateLimit: { perMinute: 6 },
        },
      },
    });

    expect(config.dryRun).toBe(true);
    expect(config.suppressedOutput).toEqual({
      path: 'var/suppressed.ndjson',
      maxBytes: 64 * 1024 * 1024,
      maxFiles: 3,
    });
    expect(config.store).toEqual({
      type: 'redis',
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'team:',
    });
    expect(config.coalescing.windowMs).toBe(30_000);
    expect(config.coalescing.ruleKeyFields).toEqual({ 'Write below etc': ['fd.name'] });
    expect(config.outputs.slack).toEqual({
      mode: 'coalesce',
      windowMs: 10_000,
      rateLimit: { perMinute: 30, burst: 5 },
      ownerRateLimit: { perMinute: 6, burst: 1 },
    });
  });

  it('reads the Redis URL from the environment', () => {
    process.env.NOISE_TEST_REDIS_URL = 'redis://127.0.0.1:6379/2';

    const config = parseNoiseConfig({
      store: { type: 'redis', url: { env: 'NOISE_TEST_REDIS_URL' } },
    });

    expect(config.store).toEqual({
      type: 'redis',
      url: 'redis://127.0.0.1:6379/2',
      keyPrefix: 'talaria:noise:',
    });
  });

  it('lists every problem with its key path', () => {
    expect(
      issuesOf({
        dryRun: 'maybe',
        store: { type: 'memcached' },
        coalescing: { windowSeconds: 0, fields: [] },
        outputs: {
          slack: { mode: 'loud', rateLimit: { burst: 2 } },
          archive: { mode: 'tag', rateLimit: { perMinute: 5 } },
        },
        extra: 1,
      }),
    ).toEqual([
      'noise.extra: unknown key; use dryRun, suppressedOutput, store, coalescing, outputs',
      'noise.dryRun: "maybe" is not true or false',
      'noise.store.type: "memcached" is not valid; expected memory or redis',
      'noise.coalescing.windowSeconds: 0 is not a number from 1 to 86400 seconds',
      'noise.coalescing.fields: a list is not a non-empty list of field names',
      'noise.outputs.slack.mode: "loud" is not valid; expected coalesce, tag, off',
      'noise.outputs.slack.rateLimit.perMinute: missing; give the findings per minute the limit lets through',
      'noise.outputs.archive: rate limits apply only in mode coalesce; this output has mode tag',
    ]);
  });

  it('rejects a Redis store without a URL', () => {
    expect(issuesOf({ store: { type: 'redis' } })).toEqual([
      'noise.store.url: missing or not a redis:// or rediss:// address; write it inline or as { env: NAME }',
    ]);
  });
});

describe('NoiseControl', () => {
  it('coalesces outputs that reach people and tags archives by default', () => {
    const control = NoiseControl.create(parseNoiseConfig({}), {
      registry: new Registry(),
      logger: captureLogger().logger,
      deadLetter,
    });

    expect(control.settingsFor({ name: 'chat', type: 'slack' }).mode).toBe('coalesce');
    expect(control.settingsFor({ name: 'hook', type: 'webhook' }).mode).toBe('coalesce');
    expect(control.settingsFor({ name: 'console', type: 'stdout' }).mode).toBe('coalesce');
    expect(control.settingsFor({ name: 'archive', type: 'file' }).mode).toBe('tag');
    expect(control.settingsFor({ name: 'search', type: 'elasticsearch' }).mode).toBe('tag');
    expect(control.settingsFor({ name: 'siem', type: 'splunk' }).mode).toBe('tag');
  });

  it('lets an output override its mode and window', () => {
    const config = parseNoiseConfig({
      outputs: { archive: { mode: 'off' }, chat: { windowSeconds: 5 } },
    });
    const control = NoiseControl.create(config, {
      registry: new Registry(),
      logger: captureLogger().logger,
      deadLetter,
    });
    const archive = new RecordingChannel('archive');

    expect(control.decorateChannel(archive, { name: 'archive', type: 'file' })).toBe(archive);
    expect(
      control.decorateChannel(new RecordingChannel('chat'), { name: 'chat', type: 'slack' }),
    ).toBeInstanceOf(CoalescingChannel);
    expect(control.settingsFor({ name: 'chat', type: 'slack' }).windowMs).toBe(5000);
    expect(control.unknownOutputNames(['archive'])).toEqual(['chat']);
  });

  itWithRedis('coalesces through Redis when configured', async () => {
    const keyPrefix = `talaria-test:${randomUUID()}:`;
    const config = parseNoiseConfig({
      store: { type: 'redis', url: process.env.REDIS_URL as string, keyPrefix },
    });
    const control = NoiseControl.create(config, {
      registry: new Registry(),
      logger: captureLogger().logger,
      deadLetter,
    });
    const inner = new RecordingChannel('chat');
    const channel = control.decorateChannel(inner, {
      name: 'chat',
      type: 'slack',
    }) as CoalescingChannel;

    try {
      await enqueueAll(channel, [shell(), shell(), shell()]);
      await channel.drain(Date.now() + 5000);

      expect(inner.singles).toHaveLength(1);
      expect(inner.summaries.map((summary) => summary.coalesced?.count)).toEqual([2]);
    } finally {
      await channel.close();
      const Redis = (await import('ioredis')).default;
      const cleaner = new Redis(process.env.REDIS_URL as string);
      const keys = await cleaner.keys(`${keyPrefix}*`);
      if (keys.length > 0) await cleaner.del(...keys);
      await cleaner.quit();
      await control.close();
    }
  });
});
