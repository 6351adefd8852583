import { appendFile, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  makeInputs,
  makeTempDirectory,
  metricValue,
  openSpool,
  removeTempDirectories,
  segmentFiles,
  takeCount,
} from './helpers';

afterEach(removeTempDirectories);

// makeInputs(1, 9) bodies are 100 bytes and ids 7 bytes, so each record is 30 + 7 + 100 bytes.
const RECORD_BYTES = 137;

/** Writes five entries with a spool that is then closed, and returns the path of its segment log. */
async function writeFiveEntries(directory: string): Promise<string> {
  const { spool } = await openSpool(directory);
  await spool.append(makeInputs(1, 5));
  await spool.close();
  const [log] = await segmentFiles(directory);
  return path.join(directory, log);
}

describe('Spool recovery from damaged files', () => {
  it('skips, counts, logs and truncates a torn last record', async () => {
    const directory = await makeTempDirectory();
    const log = await writeFiveEntries(directory);
    await truncate(log, 5 * RECORD_BYTES - 40);

    const { spool, registry, logs } = await openSpool(directory);
    const recovered = await spool.take(10);

    expect(recovered.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(await metricValue(registry, 'talaria_spool_corrupt_records_total')).toBe(1);
    expect(logs.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({
        msg: 'skipped a torn record at the end of a spool segment',
        segment: path.basename(log),
        afterSeq: 4,
        start: 4 * RECORD_BYTES,
      }),
    ]);
    expect((await stat(log)).size).toBe(4 * RECORD_BYTES);
    await spool.close();
  });

  it('reports a torn record only once across restarts', async () => {
    const directory = await makeTempDirectory();
    const log = await writeFiveEntries(directory);
    await appendFile(log, Buffer.from([0xff, 0x54, 0x4c]));

    const first = await openSpool(directory);
    const firstCount = await metricValue(first.registry, 'talaria_spool_corrupt_records_total');
    await first.spool.close();
    const second = await openSpool(directory);

    expect(firstCount).toBe(1);
    expect(await metricValue(second.registry, 'talaria_spool_corrupt_records_total')).toBe(0);
    expect(second.spool.stats().pendingEntries).toBe(5);
    await second.spool.close();
  });

  it('skips a corrupt record mid-segment', async () => {
    const directory = await makeTempDirectory();
    const log = await writeFiveEntries(directory);
    const content = await readFile(log);
    content[RECORD_BYTES + 60] ^= 0x01;
    await writeFile(log, content);

    const { spool, registry, logs } = await openSpool(directory);
    const recovered = await spool.take(10);

    expect(recovered.map((entry) => entry.seq)).toEqual([1, 3, 4, 5]);
    expect(await metricValue(registry, 'talaria_spool_corrupt_records_total')).toBe(1);
    expect(logs.filter((line) => line.level === 'error')).toEqual([
      expect.objectContaining({
        msg: 'skipped corrupt bytes inside a spool segment; entries stored there are lost',
        start: RECORD_BYTES,
        end: 2 * RECORD_BYTES,
        afterSeq: 1,
      }),
    ]);
    expect((await stat(log)).size).toBe(5 * RECORD_BYTES);
    await spool.close();
  });

  it('finds the next record after garbage inside a segment', async () => {
    const directory = await makeTempDirectory();
    const log = await writeFiveEntries(directory);
    const content = await readFile(log);
    const garbage = Buffer.from('not a record at all, \xff\x54 almost a magic');
    const spliced = Buffer.concat([
      content.subarray(0, 2 * RECORD_BYTES),
      garbage,
      content.subarray(2 * RECORD_BYTES),
    ]);
    await writeFile(log, spliced);

    const { spool } = await openSpool(directory);

    expect((await spool.take(10)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    await spool.close();
  });

  it('keeps acknowledgements before a torn acknowledgement record', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory);
    await first.spool.append(makeInputs(1, 4));
    for (const entry of await first.spool.take(2)) first.spool.ack(entry.seq);
    await first.spool.close();
    const [ackLog] = await segmentFiles(directory, '.acks');
    await appendFile(path.join(directory, ackLog), Buffer.from([1, 2, 3, 4, 5]));

    const second = await openSpool(directory);
    const recovered = await second.spool.take(10);

    expect(recovered.map((entry) => entry.seq)).toEqual([3, 4]);
    expect(second.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        tornBytes: 5,
        msg: expect.stringContaining('acknowledgement'),
      }),
    );
    expect((await stat(path.join(directory, ackLog))).size).toBe(24);

    // New acknowledgements go after the last whole record, so the log stays readable.
    second.spool.ack(recovered[1].seq);
    await second.spool.close();
    const third = await openSpool(directory);
    expect((await third.spool.take(10)).map((entry) => entry.seq)).toEqual([3]);
    await third.spool.close();
  });

  it('replays an entry whose ack is corrupt', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory);
    await first.spool.append(makeInputs(1, 3));
    for (const entry of await first.spool.take(2)) first.spool.ack(entry.seq);
    await first.spool.close();
    const ackLog = path.join(directory, (await segmentFiles(directory, '.acks'))[0]);
    const content = await readFile(ackLog);
    content[3] ^= 0x10;
    await writeFile(ackLog, content);

    const second = await openSpool(directory);

    expect((await second.spool.take(10)).map((entry) => entry.seq)).toEqual([1, 3]);
    expect(await metricValue(second.registry, 'talaria_spool_corrupt_records_total')).toBe(1);
    await second.spool.close();
  });

  it('skips a record corrupted while waiting on disk', async () => {
    const directory = await makeTempDirectory();
    const { spool, registry, logs } = await openSpool(directory, { maxMemoryEntries: 2 });
    await spool.append(makeInputs(1, 6));
    const log = path.join(directory, (await segmentFiles(directory))[0]);
    const content = await readFile(log);
    content[3 * RECORD_BYTES + 60] ^= 0x01;
    await writeFile(log, content);

    const entries = await takeCount(spool, 5, 2);

    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 5, 6]);
    expect(spool.stats()).toMatchObject({
      diskOnlyEntries: 0,
      inMemoryEntries: 0,
      pendingEntries: 5,
    });
    expect(await metricValue(registry, 'talaria_spool_corrupt_records_total')).toBe(1);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        start: 3 * RECORD_BYTES,
        end: 4 * RECORD_BYTES,
        afterSeq: 3,
      }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', lost: 1 }));
    await spool.close();
  });

  it('deletes an acknowledgement log without a segment log', async () => {
    const directory = await makeTempDirectory();
    const orphan = path.join(directory, '00000000000000000007.acks');
    await writeFile(orphan, Buffer.alloc(12));

    const { spool } = await openSpool(directory);

    expect(await segmentFiles(directory, '.acks')).toEqual([]);
    await spool.close();
  });
});
