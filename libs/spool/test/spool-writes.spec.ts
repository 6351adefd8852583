import fs from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SpoolError } from '../src';
import {
  fileHandlePrototype,
  makeInput,
  makeInputs,
  makeTempDirectory,
  metricValue,
  openSpool,
  recordBytes,
  removeTempDirectories,
  segmentFiles,
} from './helpers';

type WriteMethod = (
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
) => Promise<{ bytesWritten: number }>;

/** Waits, checking every few milliseconds, until `condition` holds; the test timeout bounds the wait. */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

// These tests watch FileHandle.write, which only the thread pool path calls.
const ON_THREAD_POOL = { writeMode: 'async' } as const;

afterEach(async () => {
  jest.restoreAllMocks();
  await removeTempDirectories();
});

describe('Spool writes', () => {
  it('groups appends made in the same turn into one write', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, ON_THREAD_POOL);
    const write = jest.spyOn(await fileHandlePrototype(directory), 'write' as never);
    const inputs = makeInputs(1, 10);

    const results = await Promise.all(inputs.map((input) => spool.append([input])));

    expect(write).toHaveBeenCalledTimes(1);
    expect((write.mock.calls[0] as unknown[])[2]).toBe(recordBytes(inputs));
    expect(results.map((result) => result.accepted[0].seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    await spool.close();
  });

  it('groups appends into one synchronous write by default', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory);
    const writeSync = jest.spyOn(fs, 'writeSync');
    const inputs = makeInputs(1, 10);

    await Promise.all(inputs.map((input) => spool.append([input])));

    expect(writeSync).toHaveBeenCalledTimes(1);
    expect((writeSync.mock.calls[0] as unknown[])[3]).toBe(recordBytes(inputs));
    await spool.close();
  });

  it('writes appends of separate turns separately', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, ON_THREAD_POOL);
    const write = jest.spyOn(await fileHandlePrototype(directory), 'write' as never);

    for (const input of makeInputs(1, 3)) await spool.append([input]);

    expect(write).toHaveBeenCalledTimes(3);
    await spool.close();
  });

  it('syncs each group before resolving under fsync always', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, { fsync: 'always' });
    const datasync = jest.spyOn(await fileHandlePrototype(directory), 'datasync' as never);

    const results = await Promise.all(
      makeInputs(1, 5).map(async (input) => {
        await spool.append([input]);
        return datasync.mock.calls.length;
      }),
    );

    expect(results).toEqual([1, 1, 1, 1, 1]);
    await spool.close();
  });

  it('syncs at close under fsync interval', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, { fsync: 'interval', fsyncIntervalMs: 3_600_000 });
    const datasync = jest.spyOn(await fileHandlePrototype(directory), 'datasync' as never);

    await spool.append(makeInputs(1, 3));
    const beforeClose = datasync.mock.calls.length;
    await spool.close();

    expect(beforeClose).toBe(0);
    expect(datasync).toHaveBeenCalledTimes(1);
  });

  it('syncs on the timer under fsync interval', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, { fsync: 'interval', fsyncIntervalMs: 5 });
    const datasync = jest.spyOn(await fileHandlePrototype(directory), 'datasync' as never);

    await spool.append(makeInputs(1, 3));
    const callsAtResolve = datasync.mock.calls.length;
    await waitUntil(() => datasync.mock.calls.length > 0);

    expect(callsAtResolve).toBe(0);
    expect(datasync).toHaveBeenCalled();
    await spool.close();
  });

  it('syncs acknowledgement logs on the timer under fsync always', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, { fsync: 'always', fsyncIntervalMs: 5 });
    await spool.append(makeInputs(1, 2));
    const datasync = jest.spyOn(await fileHandlePrototype(directory), 'datasync' as never);

    for (const entry of await spool.take(2)) spool.ack(entry.seq);
    await spool.flush();
    await waitUntil(() => datasync.mock.calls.length > 0);

    expect(datasync).toHaveBeenCalled();
    await spool.close();
  });

  it('never syncs under fsync never', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, { fsync: 'never' });
    const prototype = await fileHandlePrototype(directory);
    const datasync = jest.spyOn(prototype, 'datasync' as never);
    const sync = jest.spyOn(prototype, 'sync' as never);

    await spool.append(makeInputs(1, 3));
    for (const entry of await spool.take(3)) spool.ack(entry.seq);
    await spool.close();

    expect(datasync).not.toHaveBeenCalled();
    expect(sync).not.toHaveBeenCalled();
  });

  it('rejects the appends of a failed write and keeps working', async () => {
    const directory = await makeTempDirectory();
    const { spool, registry, logs } = await openSpool(directory, ON_THREAD_POOL);
    await spool.append([makeInput(1)]);
    const noSpace = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
    });
    jest
      .spyOn(await fileHandlePrototype(directory), 'write' as never)
      .mockRejectedValueOnce(noSpace as never);

    const failed = spool.append(makeInputs(2, 2));
    await expect(failed).rejects.toBeInstanceOf(SpoolError);
    await expect(failed).rejects.toMatchObject({
      code: 'write_failed',
      cause: noSpace,
      context: { firstSeq: 2, count: 2 },
    });
    const after = await spool.append([makeInput(4)]);

    expect(after.accepted[0].seq).toBe(4);
    expect((await spool.take(10)).map((entry) => entry.id)).toEqual(['alert-1', 'alert-4']);
    expect(await metricValue(registry, 'talaria_spool_write_errors_total')).toBe(1);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        segment: '00000000000000000001.log',
        firstSeq: 2,
        lastSeq: 3,
      }),
    );
    expect(spool.stats().segmentFileBytes).toBe(recordBytes([makeInput(1), makeInput(4)]));
    await spool.close();
  });

  it('truncates the torn bytes of a failed write', async () => {
    const directory = await makeTempDirectory();
    const { spool } = await openSpool(directory, ON_THREAD_POOL);
    await spool.append([makeInput(1)]);
    const prototype = await fileHandlePrototype(directory);
    const realWrite = prototype.write as WriteMethod;
    jest.spyOn(prototype, 'write' as never).mockImplementationOnce(async function (
      this: unknown,
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
    ) {
      await realWrite.call(this, buffer, offset, Math.floor(length / 2), position);
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    } as never);

    await expect(spool.append(makeInputs(2, 3))).rejects.toMatchObject({ code: 'write_failed' });
    const sizeAfterFailure = (await stat(path.join(directory, (await segmentFiles(directory))[0])))
      .size;
    await spool.append([makeInput(5)]);
    await spool.close();
    const reopened = await openSpool(directory);

    expect(sizeAfterFailure).toBe(recordBytes([makeInput(1)]));
    expect((await reopened.spool.take(10)).map((entry) => entry.seq)).toEqual([1, 5]);
    expect(await metricValue(reopened.registry, 'talaria_spool_corrupt_records_total')).toBe(0);
    await reopened.spool.close();
  });
});
