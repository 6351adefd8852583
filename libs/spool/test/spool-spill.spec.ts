import {
  makeInputs,
  makeTempDirectory,
  openSpool,
  removeTempDirectories,
  takeCount,
} from './helpers';

afterEach(removeTempDirectories);

const SMALL_SEGMENTS = { segmentBytes: 1024, maxBytes: 1024 * 1024 };

function seqRange(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

describe('Spool beyond maxMemoryEntries', () => {
  it('spills to disk and keeps order', async () => {
    const { spool } = await openSpool(await makeTempDirectory(), {
      maxMemoryEntries: 4,
      ...SMALL_SEGMENTS,
    });
    const inputs = makeInputs(1, 30).map((input) => ({ ...input, attachment: input.id }));

    await spool.append(inputs);
    const afterAppend = spool.stats();
    const entries = await takeCount(spool, 30, 3);

    expect(afterAppend).toMatchObject({
      inMemoryEntries: 4,
      diskOnlyEntries: 26,
      pendingEntries: 30,
    });
    expect(entries.map((entry) => entry.seq)).toEqual(seqRange(1, 30));
    expect(entries.map((entry) => entry.body)).toEqual(inputs.map((input) => input.body));
    expect(entries.slice(0, 4).map((entry) => entry.attachment)).toEqual([
      'alert-1',
      'alert-2',
      'alert-3',
      'alert-4',
    ]);
    expect(entries.slice(4).every((entry) => entry.attachment === undefined)).toBe(true);
    await spool.close();
  });

  it('keeps order when appends arrive while entries wait on disk', async () => {
    const { spool } = await openSpool(await makeTempDirectory(), {
      maxMemoryEntries: 5,
      ...SMALL_SEGMENTS,
    });
    const taken: number[] = [];

    await spool.append(makeInputs(1, 12));
    for (let round = 0; round < 6; round++) {
      for (const entry of await spool.take(2)) taken.push(entry.seq);
      await spool.append(makeInputs(13 + round, 1));
    }
    for (const entry of await takeCount(spool, 18 - taken.length, 4)) taken.push(entry.seq);

    expect(taken).toEqual(seqRange(1, 18));
    expect(spool.stats()).toMatchObject({
      inMemoryEntries: 0,
      diskOnlyEntries: 0,
      takenEntries: 18,
    });
    await spool.close();
  });

  it('never holds more than maxMemoryEntries waiting in memory', async () => {
    const { spool } = await openSpool(await makeTempDirectory(), {
      maxMemoryEntries: 10,
      ...SMALL_SEGMENTS,
    });
    const peaks: number[] = [];

    for (let round = 0; round < 10; round++) {
      await spool.append(makeInputs(round * 5 + 1, 5));
      peaks.push(spool.stats().inMemoryEntries);
      await spool.take(2);
      peaks.push(spool.stats().inMemoryEntries);
    }
    await spool.flush();

    expect(Math.max(...peaks)).toBeLessThanOrEqual(10);
    expect(spool.stats().pendingEntries).toBe(50);
    expect(spool.stats().diskOnlyEntries).toBeGreaterThanOrEqual(20);
    await spool.close();
  });

  it('recovers beyond memory, skipping acknowledged entries', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory, SMALL_SEGMENTS);
    await first.spool.append(makeInputs(1, 40));
    const acknowledged = new Set([2, 3, 9, 15, 16, 17, 22, 30, 39, 40]);
    for (const entry of await first.spool.take(40)) {
      if (acknowledged.has(entry.seq)) first.spool.ack(entry.seq);
    }
    await first.spool.close();

    const second = await openSpool(directory, { maxMemoryEntries: 3, ...SMALL_SEGMENTS });
    const afterOpen = second.spool.stats();
    const recovered = await takeCount(second.spool, 30, 2);

    expect(afterOpen).toMatchObject({ inMemoryEntries: 3, diskOnlyEntries: 27 });
    expect(recovered.map((entry) => entry.seq)).toEqual(
      seqRange(1, 40).filter((seq) => !acknowledged.has(seq)),
    );
    expect(recovered.map((entry) => entry.id)).toEqual(
      recovered.map((entry) => `alert-${entry.seq}`),
    );
    await second.spool.close();
  });

  it('serves recovered disk-only entries before new ones', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory, SMALL_SEGMENTS);
    await first.spool.append(makeInputs(1, 10));
    await first.spool.close();

    const second = await openSpool(directory, { maxMemoryEntries: 2, ...SMALL_SEGMENTS });
    await second.spool.append(makeInputs(11, 5));
    const entries = await takeCount(second.spool, 15, 4);

    expect(entries.map((entry) => entry.seq)).toEqual(seqRange(1, 15));
    await second.spool.close();
  });

  it('reports the age of the oldest entry while it waits on disk', async () => {
    const { spool } = await openSpool(await makeTempDirectory(), { maxMemoryEntries: 1 });
    const receivedAt = Date.now() - 120_000;

    await spool.append([
      { id: 'a', receivedAt, body: '{}' },
      { id: 'b', receivedAt: receivedAt + 1, body: '{}' },
    ]);
    const [first] = await spool.take(1);
    spool.ack(first.seq);

    expect(spool.stats().diskOnlyEntries + spool.stats().inMemoryEntries).toBe(1);
    expect(spool.stats().oldestPendingAgeMs).toBeGreaterThanOrEqual(119_000);
    await spool.close();
  });
});
