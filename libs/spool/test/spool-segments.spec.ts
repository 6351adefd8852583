import {
  makeInputs,
  makeTempDirectory,
  openSpool,
  removeTempDirectories,
  segmentFiles,
  takeCount,
} from './helpers';

afterEach(removeTempDirectories);

// Records of makeInputs(1, 9) are 137 bytes, so seven fit in a 1024-byte segment.
const SMALL_SEGMENTS = { segmentBytes: 1024, maxBytes: 1024 * 1024 };

describe('Spool segments', () => {
  it('starts a new segment file when the active one is full', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, SMALL_SEGMENTS);

    await spool.append(makeInputs(1, 9));

    expect(await segmentFiles(directory)).toEqual([
      '00000000000000000001.log',
      '00000000000000000008.log',
    ]);
    expect(spool.stats()).toMatchObject({ segments: 2, segmentFileBytes: 9 * 137 });
    await spool.close();
  });

  it('splits appends of separate turns across segments in order', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, SMALL_SEGMENTS);

    for (let index = 1; index <= 20; index++) await spool.append(makeInputs(index, 1));
    const entries = await spool.take(100);

    expect(entries.map((entry) => entry.seq)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(await segmentFiles(directory)).toEqual([
      '00000000000000000001.log',
      '00000000000000000008.log',
      '00000000000000000015.log',
    ]);
    await spool.close();
  });

  it('keeps a rolled segment until committed', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory, SMALL_SEGMENTS);
    await first.spool.append(makeInputs(1, 6));
    const earlier = await first.spool.take(6);

    // Entry 7 completes the first segment and entry 8 starts the second, in one write group.
    const appended = first.spool.append(makeInputs(7, 2));
    while (first.spool.stats().segments < 2) await new Promise((resolve) => setImmediate(resolve));
    for (const entry of earlier) first.spool.ack(entry.seq);
    await appended;
    await first.spool.close();

    const second = await openSpool(directory, SMALL_SEGMENTS);
    const entries = await second.spool.take(10);

    expect(entries.map((entry) => entry.seq)).toEqual([7, 8]);
    expect(() => entries.forEach((entry) => second.spool.ack(entry.seq))).not.toThrow();
    await second.spool.close();
  });

  it('deletes a fully acknowledged sealed segment', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, SMALL_SEGMENTS);
    await spool.append(makeInputs(1, 9));
    const entries = await spool.take(9);

    for (const seq of [7, 1, 5, 3, 2, 6]) spool.ack(seq);
    await spool.flush();
    const beforeLastAck = await segmentFiles(directory);
    spool.ack(4);
    await spool.flush();

    expect(beforeLastAck).toEqual(['00000000000000000001.log', '00000000000000000008.log']);
    expect(await segmentFiles(directory)).toEqual(['00000000000000000008.log']);
    expect(await segmentFiles(directory, '.acks')).toEqual([]);
    expect(spool.stats()).toMatchObject({
      segments: 1,
      segmentFileBytes: 2 * 137,
      pendingEntries: 2,
    });
    expect(entries).toHaveLength(9);
    await spool.close();
  });

  it('keeps the active segment when all its entries are acknowledged', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, SMALL_SEGMENTS);
    await spool.append(makeInputs(1, 3));

    for (const entry of await spool.take(3)) spool.ack(entry.seq);
    await spool.flush();

    expect(await segmentFiles(directory)).toEqual(['00000000000000000001.log']);
    expect(await segmentFiles(directory, '.acks')).toEqual(['00000000000000000001.acks']);
    await spool.close();
  });

  it('deletes a fully acknowledged segment when it is sealed', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, SMALL_SEGMENTS);
    await spool.append(makeInputs(1, 7));
    for (const entry of await spool.take(7)) spool.ack(entry.seq);

    await spool.append(makeInputs(8, 1));
    await spool.flush();

    expect(await segmentFiles(directory)).toEqual(['00000000000000000008.log']);
    await spool.close();
  });

  it('deletes fully acknowledged segments found at open', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory, SMALL_SEGMENTS);
    await first.spool.append(makeInputs(1, 9));
    for (const entry of await first.spool.take(9)) {
      if (entry.seq !== 9) first.spool.ack(entry.seq);
    }
    await first.spool.close();

    const second = await openSpool(directory, SMALL_SEGMENTS);
    await second.spool.flush();

    expect(await segmentFiles(directory)).toEqual([
      '00000000000000000008.log',
      '00000000000000000010.log',
    ]);
    expect((await takeCount(second.spool, 1)).map((entry) => entry.seq)).toEqual([9]);
    await second.spool.close();
  });

  it('gives an entry larger than segmentBytes a segment of its own', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, SMALL_SEGMENTS);

    await spool.append([...makeInputs(1, 1), ...makeInputs(2, 1, 3000), ...makeInputs(3, 1)]);
    const entries = await spool.take(3);

    expect(entries.map((entry) => entry.body.length)).toEqual([100, 3000, 100]);
    expect(await segmentFiles(directory)).toEqual([
      '00000000000000000001.log',
      '00000000000000000002.log',
      '00000000000000000003.log',
    ]);
    await spool.close();
  });
});
