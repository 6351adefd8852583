import type { Spool, SpoolEntry } from '../src';
import {
  fileHandlePrototype,
  makeInputs,
  makeTempDirectory,
  metricValue,
  openSpool,
  removeTempDirectories,
  segmentFiles,
  takeCount,
} from './helpers';

afterEach(async () => {
  jest.restoreAllMocks();
  await removeTempDirectories();
});

const SETTINGS = { segmentBytes: 1024, maxBytes: 1024 * 1024, maxMemoryEntries: 8 };

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function randomSequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Acknowledges the taken entries in a shuffled order and returns their seqs. */
function ackShuffled(spool: Spool, entries: SpoolEntry[], random: () => number): number[] {
  const order = [...entries].sort(() => random() - 0.5);
  for (const entry of order) spool.ack(entry.seq);
  return entries.map((entry) => entry.seq);
}

describe('Spool lifecycle', () => {
  it('delivers each entry once, in order', async () => {
    const directory = await makeTempDirectory();
    const random = randomSequence(7);
    const delivered: number[] = [];
    let appended = 0;

    let { spool } = await openSpool(directory, SETTINGS);
    for (let round = 0; round < 60; round++) {
      const count = 1 + Math.floor(random() * 12);
      await spool.append(makeInputs(appended + 1, count));
      appended += count;

      const taken = await spool.take(1 + Math.floor(random() * 10));
      delivered.push(...ackShuffled(spool, taken, random));

      if (round === 30) {
        await spool.close();
        ({ spool } = await openSpool(directory, SETTINGS));
      }
    }
    delivered.push(
      ...ackShuffled(spool, await takeCount(spool, appended - delivered.length, 5), random),
    );
    await spool.flush();

    expect(delivered).toEqual(Array.from({ length: appended }, (_, index) => index + 1));
    expect(spool.stats()).toMatchObject({ pendingEntries: 0, segments: 1 });
    expect(await segmentFiles(directory)).toHaveLength(1);
    await spool.close();
  });

  it('retries reading entries back from disk after a read error', async () => {
    const directory = await makeTempDirectory();
    const { spool, registry, logs } = await openSpool(directory, {
      ...SETTINGS,
      maxMemoryEntries: 2,
    });
    await spool.append(makeInputs(1, 6));
    const ioError = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    jest
      .spyOn(await fileHandlePrototype(directory), 'read' as never)
      .mockRejectedValueOnce(ioError as never);

    const entries = await takeCount(spool, 6, 2);

    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await metricValue(registry, 'talaria_spool_read_errors_total')).toBe(1);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        segment: '00000000000000000001.log',
        offset: expect.any(Number),
      }),
    );
    await spool.close();
  });
});
