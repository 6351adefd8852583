import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countCompleteLines, outputBytes, waitForOutputToSettle } from './ndjson-line-counter';

describe('countCompleteLines', () => {
  let directory: string;
  let output: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'bench-line-counter-'));
    output = join(directory, 'out.ndjson');
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('counts a missing file as empty', async () => {
    expect(await countCompleteLines(output)).toBe(0);
    expect(await countCompleteLines(join(directory, 'absent', 'out.ndjson'))).toBe(0);
  });

  it('counts lines that end with a newline', async () => {
    writeFileSync(output, '{"a":1}\n{"a":2}\n{"a":3}\n');

    expect(await countCompleteLines(output)).toBe(3);
  });

  it('leaves out a last line without its newline', async () => {
    writeFileSync(output, '{"a":1}\n{"a":2');

    expect(await countCompleteLines(output)).toBe(1);
  });

  it('adds the rotated copies', async () => {
    writeFileSync(output, '{"a":1}\n');
    writeFileSync(`${output}.1`, '{"a":2}\n{"a":3}\n');
    writeFileSync(`${output}.12`, '{"a":4}\n');

    expect(await countCompleteLines(output)).toBe(4);
  });

  it('ignores other files in the folder', async () => {
    writeFileSync(output, '{"a":1}\n');
    writeFileSync(join(directory, 'dead-letter.ndjson'), '{"a":2}\n');
    writeFileSync(`${output}.tmp`, '{"a":3}\n');
    writeFileSync(join(directory, 'outXndjson'), '{"a":4}\n');

    expect(await countCompleteLines(output)).toBe(1);
  });

  it('counts across read chunks', async () => {
    const line = `${JSON.stringify({ padding: 'x'.repeat(1000) })}\n`;
    writeFileSync(output, line.repeat(5000));

    expect(await countCompleteLines(output)).toBe(5000);
  });

  it('sums the sizes of the file and its copies', async () => {
    writeFileSync(output, 'abc\n');
    writeFileSync(`${output}.1`, 'de\n');

    expect(await outputBytes(output)).toBe(7);
  });
});

describe('waitForOutputToSettle', () => {
  let directory: string;
  let output: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'bench-settle-'));
    output = join(directory, 'out.ndjson');
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('settles on an output that does not change', async () => {
    writeFileSync(output, '{"n":1}\n{"n":2}\n');

    const settled = await waitForOutputToSettle({
      path: output,
      quietMs: 0,
      timeoutMs: 30_000,
      pollMs: 1,
    });

    expect(settled.settled).toBe(true);
    expect(settled.lines).toBe(2);
  });

  it('waits for the idle check before settling', async () => {
    writeFileSync(output, '{"n":1}\n');
    let idleChecks = 0;

    const settled = await waitForOutputToSettle({
      path: output,
      quietMs: 0,
      timeoutMs: 30_000,
      pollMs: 1,
      isIdle: async () => {
        idleChecks += 1;
        if (idleChecks === 3) appendFileSync(output, '{"n":2}\n');
        return idleChecks >= 5;
      },
    });

    expect(settled.settled).toBe(true);
    expect(settled.lines).toBe(2);
    expect(idleChecks).toBeGreaterThanOrEqual(5);
  });

  it('reports an output that never goes idle as unsettled', async () => {
    writeFileSync(output, '{"n":1}\n');

    const settled = await waitForOutputToSettle({
      path: output,
      quietMs: 0,
      timeoutMs: 50,
      pollMs: 5,
      isIdle: async () => false,
    });

    expect(settled.settled).toBe(false);
    expect(settled.lines).toBe(1);
  });
});
