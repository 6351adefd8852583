import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../src/load-corpus';
import { ReplayError } from '../src/replay-error';

describe('loadCorpus', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'talaria-corpus-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function corpusFile(name: string, text: string): string {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  }

  it('returns lines as raw text', async () => {
    const line = '{"output_fields":{"evt.time":1741680842513287004},  "rule":"Spaced  out"}';
    const bodies = await loadCorpus([corpusFile('a.ndjson', `${line}\n`)]);

    expect(bodies).toEqual([line]);
  });

  it('skips blank lines and carriage returns', async () => {
    const path = corpusFile('b.ndjson', '{"a":1}\r\n\n   \n{"b":2}\n\n');

    expect(await loadCorpus([path])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('keeps malformed lines', async () => {
    const path = corpusFile('c.ndjson', '{"rule":\nnull\n');

    expect(await loadCorpus([path])).toEqual(['{"rule":', 'null']);
  });

  it('concatenates files in order', async () => {
    const first = corpusFile('1.ndjson', '{"n":1}\n');
    const second = corpusFile('2.ndjson', '{"n":2}\n{"n":3}');

    expect(await loadCorpus([first, second])).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it('names a missing file', async () => {
    const path = join(directory, 'absent.ndjson');

    await expect(loadCorpus([path])).rejects.toThrow(ReplayError);
    await expect(loadCorpus([path])).rejects.toThrow(
      `Cannot read corpus file ${path} (ENOENT); check the path.`,
    );
  });

  it('rejects an empty file list', async () => {
    await expect(loadCorpus([])).rejects.toThrow('No corpus files given');
  });

  it('reads the committed sample corpus exactly', async () => {
    const bodies = await loadCorpus([join(__dirname, '../../../samples/falco-events.ndjson')]);

    expect(bodies.length).toBeGreaterThan(300);
    expect(
      bodies.every(
        (body) => /"evt\.time":\d{19}[,}]/.test(body) || body.includes('"source":"internal"'),
      ),
    ).toBe(true);
  });
});
