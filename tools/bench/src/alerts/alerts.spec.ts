import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAlertCorpus } from './alert-corpus';
import { builtInAlerts } from './builtin-alerts';
import { buildNdjsonBatches } from './ndjson-batches';

describe('builtInAlerts', () => {
  it('writes evt.time as a 19-digit bare integer', () => {
    for (const line of builtInAlerts(10)) {
      expect(line).toMatch(/"evt\.time":\d{19}[,}]/);
    }
  });

  it('builds valid, distinct JSON objects', () => {
    const lines = builtInAlerts(50);

    expect(new Set(lines).size).toBe(50);
    for (const line of lines) {
      const alert = JSON.parse(line);
      expect(typeof alert.rule).toBe('string');
      expect(typeof alert.priority).toBe('string');
      expect(alert.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    }
  });

  it('matches the time field to evt.time', () => {
    const line = builtInAlerts(2)[1];
    const evtTime = /"evt\.time":(\d+)/.exec(line)?.[1] as string;
    const time = JSON.parse(line).time as string;

    expect(time.slice(20, 29)).toBe(evtTime.slice(10));
    expect(Date.parse(time) / 1000).toBe(Number(evtTime.slice(0, 10)));
  });
});

describe('loadAlertCorpus', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('falls back to built-in alerts without a samples file', () => {
    const corpus = loadAlertCorpus(join(directory, 'absent.ndjson'), 7);

    expect(corpus.source).toBe('built-in');
    expect(corpus.lines).toHaveLength(7);
  });

  it('keeps sample lines byte for byte', () => {
    const line = '{"rule":"r","output_fields":{"evt.time":1733400000123456789},"note":"a\\u00e9"}';
    const path = join(directory, 'samples.ndjson');
    writeFileSync(path, `${line}\r\n\n${line}\n`);

    const corpus = loadAlertCorpus(path, 10);

    expect(corpus.source).toBe(path);
    expect(corpus.lines).toEqual([line, line]);
  });

  it('skips lines that are not JSON objects', () => {
    const path = join(directory, 'samples.ndjson');
    writeFileSync(path, '{"rule":"a"}\nnot json\n[1,2]\n{"rule":"b"}\n');

    const corpus = loadAlertCorpus(path, 10);

    expect(corpus.lines).toEqual(['{"rule":"a"}', '{"rule":"b"}']);
    expect(corpus.skippedLines).toBe(2);
  });

  it('stops at the maximum', () => {
    const path = join(directory, 'samples.ndjson');
    writeFileSync(path, '{"n":1}\n{"n":2}\n{"n":3}\n');

    expect(loadAlertCorpus(path, 2).lines).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('rejects a samples file without alerts', () => {
    const path = join(directory, 'samples.ndjson');
    writeFileSync(path, '\n\n');

    expect(() => loadAlertCorpus(path, 10)).toThrow(/no JSON alert lines/);
  });
});

describe('buildNdjsonBatches', () => {
  it('fills every body by cycling through the lines', () => {
    const bodies = buildNdjsonBatches(['a', 'b', 'c'], 2, 10);

    expect(bodies).toEqual(['a\nb\n', 'c\na\n']);
  });

  it('stops at the maximum number of bodies', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `{"n":${index}}`);

    const bodies = buildNdjsonBatches(lines, 10, 3);

    expect(bodies).toHaveLength(3);
    expect(bodies[2].split('\n')[0]).toBe('{"n":20}');
  });

  it('builds one full body from fewer lines than a batch', () => {
    const bodies = buildNdjsonBatches(['x'], 3, 10);

    expect(bodies).toEqual(['x\nx\nx\n']);
  });

  it('rejects an empty line list and a zero batch size', () => {
    expect(() => buildNdjsonBatches([], 3, 10)).toThrow(/no alert lines/);
    expect(() => buildNdjsonBatches(['x'], 0, 10)).toThrow(RangeError);
  });
});
