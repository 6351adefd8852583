import { mkdtempSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASYNC_AFTER_SLOW_MS, DiskWriter, SLOW_WRITE_MS } from './disk-writer';

/** Returns a clock that a test moves by hand. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let time = 1000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

async function openTemporaryFile() {
  const path = join(mkdtempSync(join(tmpdir(), 'talaria-disk-writer-')), 'segment');
  return { path, handle: await open(path, 'w+') };
}

describe('DiskWriter', () => {
  it('writes synchronously while fast', async () => {
    const { path, handle } = await openTemporaryFile();
    const slow: number[] = [];
    const writer = new DiskWriter('adaptive', (tookMs) => slow.push(tookMs));

    await writer.write(handle, Buffer.from('first '), 0);
    await writer.write(handle, Buffer.from('second'), 6);
    await handle.close();

    expect(readFileSync(path, 'utf8')).toBe('first second');
    expect(slow).toEqual([]);
    expect(writer.mode).toBe('sync');
  });

  it('switches to the thread pool after a slow write', async () => {
    const { path, handle } = await openTemporaryFile();
    const clock = manualClock();
    const slow: number[] = [];
    // The clock moves only between the reads around a write, so this write looks slow.
    let reads = 0;
    const writer = new DiskWriter(
      'adaptive',
      (tookMs) => slow.push(tookMs),
      () => {
        reads += 1;
        if (reads === 3) clock.advance(SLOW_WRITE_MS + 5);
        return clock.now();
      },
    );

    await writer.write(handle, Buffer.from('slow '), 0);
    expect(slow).toEqual([SLOW_WRITE_MS + 5]);
    expect(writer.mode).toBe('async');

    await writer.write(handle, Buffer.from('pooled'), 5);
    await handle.close();

    expect(readFileSync(path, 'utf8')).toBe('slow pooled');
  });

  it('returns to synchronous writes after the pause', async () => {
    const { handle } = await openTemporaryFile();
    const clock = manualClock();
    let reads = 0;
    const writer = new DiskWriter(
      'adaptive',
      () => undefined,
      () => {
        reads += 1;
        if (reads === 3) clock.advance(SLOW_WRITE_MS + 1);
        return clock.now();
      },
    );
    await writer.write(handle, Buffer.from('x'), 0);
    await handle.close();

    clock.advance(ASYNC_AFTER_SLOW_MS - 1);
    expect(writer.mode).toBe('async');
    clock.advance(1);

    expect(writer.mode).toBe('sync');
  });

  it('rejects when the write fails', async () => {
    const { handle } = await openTemporaryFile();
    const writer = new DiskWriter('adaptive', () => undefined);
    await handle.close();

    await expect(writer.write(handle, Buffer.from('late'), 0)).rejects.toThrow(/fd/);
  });

  it.each(['adaptive', 'async'] as const)('appends without a position in %s mode', async (mode) => {
    const path = join(mkdtempSync(join(tmpdir(), 'talaria-disk-writer-')), 'appended');
    const handle = await open(path, 'a');
    const writer = new DiskWriter(mode, () => undefined);

    await writer.write(handle, Buffer.from('one '), null);
    await writer.write(handle, Buffer.from('two'), null);
    await handle.close();

    expect(readFileSync(path, 'utf8')).toBe('one two');
  });

  it('uses thread pool in async mode', async () => {
    const { path, handle } = await openTemporaryFile();
    const writer = new DiskWriter('async', () => undefined);

    expect(writer.mode).toBe('async');
    await writer.write(handle, Buffer.from('pooled'), 0);
    await handle.close();

    expect(readFileSync(path, 'utf8')).toBe('pooled');
  });
});
