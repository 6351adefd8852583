import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Registry, register as globalRegistry } from 'prom-client';
import { createLogger } from '@talaria/telemetry';
import { DEFAULT_OPTIONS, Spool, SpoolError, type SpoolOptions } from '../src';
import { makeTempDirectory, metricValue, openSpool, removeTempDirectories } from './helpers';

afterEach(removeTempDirectories);

const logger = createLogger({ level: 'silent' });

async function openWith(overrides: Record<string, unknown>): Promise<Spool> {
  const directory = await makeTempDirectory();
  return Spool.open({ directory, registry: new Registry(), logger, ...overrides } as SpoolOptions);
}

describe('Spool options', () => {
  it.each([
    [
      'maxBytes below the minimum',
      { maxBytes: 100 },
      'Invalid spool option maxBytes: 100. Use a whole number of bytes of at least 1024.',
    ],
    [
      'segmentBytes above maxBytes',
      { maxBytes: 4096, segmentBytes: 8192 },
      'Invalid spool option segmentBytes: 8192. Use a whole number of bytes from 1024 to maxBytes (4096).',
    ],
    [
      'too many segments',
      { segmentBytes: 1024 },
      'raise segmentBytes to at least 107375 or lower maxBytes',
    ],
    [
      'zero maxMemoryEntries',
      { maxMemoryEntries: 0 },
      'Invalid spool option maxMemoryEntries: 0. Use a whole number of at least 1.',
    ],
    [
      'fractional maxMemoryEntries',
      { maxMemoryEntries: 2.5 },
      'Invalid spool option maxMemoryEntries: 2.5.',
    ],
    [
      'an unknown fsync policy',
      { fsync: 'sometimes' },
      'Invalid spool option fsync: "sometimes". Use one of always, interval, never.',
    ],
    ['a zero fsync interval', { fsyncIntervalMs: 0 }, 'Invalid spool option fsyncIntervalMs: 0.'],
    ['an empty directory', { directory: '' }, 'Invalid spool option directory: "".'],
    ['a registry that is no Registry', { registry: {} }, 'Pass a prom-client Registry instance.'],
    [
      'the global registry',
      { registry: globalRegistry },
      'Invalid spool option registry: the global prom-client registry.',
    ],
    [
      'a logger without error()',
      { logger: { info() {} } },
      'Invalid spool option logger: an object (Object). Pass a pino Logger',
    ],
    [
      'an unknown write mode',
      { writeMode: 'direct' },
      'Invalid spool option writeMode: "direct". Use one of adaptive, async.',
    ],
    [
      'an unknown option',
      { maxMemory: 5 },
      'Invalid spool option maxMemory: 5. Remove it. Known options:',
    ],
  ])('rejects %s', async (_case, overrides, message) => {
    const opening = openWith(overrides);

    await expect(opening).rejects.toBeInstanceOf(SpoolError);
    await expect(opening).rejects.toThrow(message);
  });

  it('documents defaults sized for a service', () => {
    expect(DEFAULT_OPTIONS).toEqual({
      maxBytes: 1024 * 1024 * 1024,
      segmentBytes: 64 * 1024 * 1024,
      maxMemoryEntries: 1_000,
      fsync: 'interval',
      fsyncIntervalMs: 1000,
      writeMode: 'adaptive',
    });
  });

  it('accepts undefined for optional options', async () => {
    const spool = await openWith({ maxBytes: undefined, fsync: undefined });

    expect(spool.stats().full).toBe(false);
    await spool.close();
  });

  it('rejects a registry already in use', async () => {
    const registry = new Registry();
    const first = await openWith({ registry });

    const second = openWith({ registry });
    await expect(second).rejects.toThrow(/already contains talaria_spool_bytes/);
    await first.close();
    const third = await openWith({ registry });

    expect(await metricValue(registry, 'talaria_spool_entries')).toBe(0);
    await third.close();
  });

  it('raises open_failed when the directory cannot be created', async () => {
    const file = path.join(await makeTempDirectory(), 'not-a-directory');
    await writeFile(file, 'x');
    const registry = new Registry();

    const opening = Spool.open({ directory: path.join(file, 'spool'), registry, logger });

    await expect(opening).rejects.toMatchObject({
      name: 'SpoolError',
      code: 'open_failed',
      cause: { code: 'ENOTDIR' },
    });
    expect(registry.getSingleMetric('talaria_spool_bytes')).toBeUndefined();
  });

  it('logs where it opened and what it recovered', async () => {
    const { spool, logs } = await openSpool(await makeTempDirectory());

    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'spool opened',
        recoveredEntries: 0,
        nextSeq: 1,
      }),
    );
    await spool.close();
  });
});
