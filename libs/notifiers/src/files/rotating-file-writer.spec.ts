import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { captureLogger } from '../../test/support/capture-logger';
import { RotatingFileWriter, warnOnSlowWrite } from './rotating-file-writer';

let directory: string;

beforeEach(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'talaria-rotate-'));
});

afterEach(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

const read = (file: string): Promise<string> => fs.readFile(path.join(directory, file), 'utf8');

describe('RotatingFileWriter', () => {
  it('creates the directory', async () => {
    const file = path.join(directory, 'nested', 'deeper', 'out.ndjson');
    const writer = new RotatingFileWriter({ path: file, maxBytes: 1000, maxFiles: 2 });

    await writer.append('one\n');
    await writer.close();

    expect(await fs.readFile(file, 'utf8')).toBe('one\n');
  });

  it('rotates before a write that would pass maxBytes', async () => {
    const writer = new RotatingFileWriter({
      path: path.join(directory, 'out.ndjson'),
      maxBytes: 10,
      maxFiles: 3,
    });

    await writer.append('aaaa\n');
    await writer.append('bbbb\n');
    await writer.append('cccc\n');
    await writer.close();

    expect(await read('out.ndjson')).toBe('cccc\n');
    expect(await read('out.ndjson.1')).toBe('aaaa\nbbbb\n');
  });

  it('keeps at most maxFiles rotated files', async () => {
    const writer = new RotatingFileWriter({
      path: path.join(directory, 'out.ndjson'),
      maxBytes: 5,
      maxFiles: 2,
    });

    for (const line of ['1111\n', '2222\n', '3333\n', '4444\n']) await writer.append(line);
    await writer.close();

    expect((await fs.readdir(directory)).sort()).toEqual([
      'out.ndjson',
      'out.ndjson.1',
      'out.ndjson.2',
    ]);
    expect(await read('out.ndjson')).toBe('4444\n');
    expect(await read('out.ndjson.1')).toBe('3333\n');
    expect(await read('out.ndjson.2')).toBe('2222\n');
  });

  it('truncates when maxFiles is 0', async () => {
    const writer = new RotatingFileWriter({
      path: path.join(directory, 'out.ndjson'),
      maxBytes: 5,
      maxFiles: 0,
    });

    await writer.append('1111\n');
    await writer.append('2222\n');
    await writer.close();

    expect(await fs.readdir(directory)).toEqual(['out.ndjson']);
    expect(await read('out.ndjson')).toBe('2222\n');
  });

  it('writes an oversized append whole', async () => {
    const writer = new RotatingFileWriter({
      path: path.join(directory, 'out.ndjson'),
      maxBytes: 4,
      maxFiles: 1,
    });

    await writer.append('x\n');
    await writer.append('a long line\n');
    await writer.close();

    expect(await read('out.ndjson')).toBe('a long line\n');
    expect(await read('out.ndjson.1')).toBe('x\n');
  });

  it('counts bytes already in the file', async () => {
    const file = path.join(directory, 'out.ndjson');
    await fs.writeFile(file, '12345678\n');
    const writer = new RotatingFileWriter({ path: file, maxBytes: 10, maxFiles: 1 });

    await writer.append('new\n');
    await writer.close();

    expect(await read('out.ndjson')).toBe('new\n');
    expect(await read('out.ndjson.1')).toBe('12345678\n');
  });

  it('keeps the order of concurrent appends', async () => {
    const writer = new RotatingFileWriter({
      path: path.join(directory, 'out.ndjson'),
      maxBytes: 1000,
      maxFiles: 1,
    });

    await Promise.all(Array.from({ length: 50 }, (_, index) => writer.append(`${index}\n`)));
    await writer.close();

    const expected = Array.from({ length: 50 }, (_, index) => `${index}\n`).join('');
    expect(await read('out.ndjson')).toBe(expected);
  });

  it('rejects appends after close', async () => {
    const file = path.join(directory, 'out.ndjson');
    const writer = new RotatingFileWriter({ path: file, maxBytes: 100, maxFiles: 1 });
    await writer.close();

    await expect(writer.append('late\n')).rejects.toThrow(
      `file ${file} is closed; no more writes are accepted`,
    );
  });

  it('reports a directory it cannot create', async () => {
    const blocker = path.join(directory, 'plain-file');
    await fs.writeFile(blocker, '');
    const writer = new RotatingFileWriter({
      path: path.join(blocker, 'out.ndjson'),
      maxBytes: 100,
      maxFiles: 1,
    });

    await expect(writer.append('x\n')).rejects.toMatchObject({
      code: expect.stringMatching(/EEXIST|ENOTDIR/),
    });
  });
});

describe('warnOnSlowWrite', () => {
  it('returns no listener without a logger', () => {
    expect(warnOnSlowWrite(undefined, {}, 'the file output')).toBeUndefined();
  });

  it('logs one warning per slow write', () => {
    const { logger, lines } = captureLogger();
    const listener = warnOnSlowWrite(logger, { output: 'archive' }, 'the file output');

    listener?.(41.6);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', output: 'archive', tookMs: 42 });
    expect(lines[0].msg).toBe(
      'a write to the file output took 42 ms; writing on the thread pool for the next 30 s so the event loop stays free',
    );
  });
});
