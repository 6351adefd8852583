import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@talaria/telemetry';
import { eventually } from '@talaria/testing';
import { OutputReceipts, RECEIPTS_FILE_NAME } from './output-receipts';

function setup() {
  const path = join(mkdtempSync(join(tmpdir(), 'talaria-receipts-')), RECEIPTS_FILE_NAME);
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const open = (writeDelayMs = 60_000) => OutputReceipts.open({ path, logger, writeDelayMs });
  return { path, logLines, open };
}

function linesOf(path: string): Array<{ seq: number; id: string; outputs: string[] }> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { seq: number; id: string; outputs: string[] });
}

describe('OutputReceipts', () => {
  it('starts empty without a file', async () => {
    const { open } = setup();
    const receipts = await open();

    expect(receipts.size).toBe(0);
    expect(receipts.settledBefore('finding-1', 1)).toBeUndefined();
    await receipts.close();
  });

  it('writes nothing for settled findings', async () => {
    const { path, open } = setup();
    const receipts = await open(10);

    receipts.noteSettled('finding-1', 1, 'file');
    receipts.forget('finding-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await receipts.close();

    expect(existsSync(path)).toBe(false);
  });

  it('writes a waiting receipt after the delay', async () => {
    const { path, open } = setup();
    const receipts = await open(20);

    receipts.noteSettled('finding-1', 7, 'file');
    receipts.noteSettled('finding-1', 7, 'slack');
    await eventually(
      () => existsSync(path) && readFileSync(path, 'utf8').endsWith('\n'),
      'the receipt is written',
    );

    expect(linesOf(path)).toEqual([{ seq: 7, id: 'finding-1', outputs: ['file', 'slack'] }]);
    await receipts.close();
  });

  it('keeps receipts across a restart', async () => {
    const { path, logLines, open } = setup();
    const first = await open();
    first.noteSettled('finding-1', 1, 'file');
    first.noteSettled('finding-2', 2, 'slack');
    await first.close();

    const second = await open();

    expect(linesOf(path)).toHaveLength(2);
    expect(second.settledBefore('finding-1', 1)).toEqual(new Set(['file']));
    expect(second.settledBefore('finding-2', 2)).toEqual(new Set(['slack']));
    expect(logLines.some((line) => line.includes('read output receipts'))).toBe(true);
    await second.close();
  });

  it('joins lines of one finding', async () => {
    const { path, open } = setup();
    writeFileSync(
      path,
      '{"seq":3,"id":"finding-3","outputs":["file"]}\n{"seq":3,"id":"finding-3","outputs":["file","es"]}\n',
    );

    const receipts = await open();

    expect(receipts.settledBefore('finding-3', 3)).toEqual(new Set(['file', 'es']));
    await receipts.close();
  });

  it('skips a torn last line', async () => {
    const { path, logLines, open } = setup();
    writeFileSync(path, '{"seq":1,"id":"finding-1","outputs":["file"]}\n{"seq":2,"id":"fin');

    const receipts = await open();

    expect(receipts.settledBefore('finding-1', 1)).toEqual(new Set(['file']));
    expect(receipts.settledBefore('finding-2', 2)).toBeUndefined();
    const warning = logLines.find((line) => line.includes('unreadable lines'));
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 'warn', unreadableLines: 1 });
    await receipts.close();
  });

  it('drops receipts of acknowledged entries', async () => {
    const { path, open } = setup();
    writeFileSync(
      path,
      '{"seq":4,"id":"acked-before","outputs":["file"]}\n{"seq":9,"id":"still-waiting","outputs":["file"]}\n',
    );
    const receipts = await open();

    // The spool hands out entries in seq order and no longer contains seq 4.
    expect(receipts.settledBefore('first-taken', 6)).toBeUndefined();
    await receipts.close();

    expect(linesOf(path).map((line) => line.id)).toEqual(['still-waiting']);
  });

  it('compacts the file while it runs', async () => {
    const { path } = setup();
    // Six receipts stay under the limit, and the seventh line takes the file over it.
    const receipts = await OutputReceipts.open({
      path,
      logger: createLogger({ level: 'silent' }),
      writeDelayMs: 10,
      compactAfterBytes: 300,
    });

    for (let index = 1; index <= 6; index += 1)
      receipts.noteSettled(`finding-${index}`, index, 'file');
    await eventually(() => linesOf(path).length === 6, 'the first receipts are written');
    for (let index = 1; index <= 5; index += 1) receipts.forget(`finding-${index}`);
    receipts.noteSettled('finding-7', 7, 'file');
    await eventually(
      () => linesOf(path).length === 2,
      'the file holds only the live receipts after compaction',
    );

    expect(linesOf(path).map((line) => line.id)).toEqual(['finding-6', 'finding-7']);
    await receipts.close();
  });

  it('removes the file when empty', async () => {
    const { path, open } = setup();
    writeFileSync(path, '{"seq":1,"id":"finding-1","outputs":["file"]}\n');
    const receipts = await open();

    expect(receipts.settledBefore('finding-1', 1)).toEqual(new Set(['file']));
    receipts.forget('finding-1');
    await receipts.close();

    expect(existsSync(path)).toBe(false);
  });
});
