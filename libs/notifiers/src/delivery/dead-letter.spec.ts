import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { makeFinding } from '../../test/support/findings';
import { FileDeadLetterSink, type DeadLetterRecord } from './dead-letter';

describe('FileDeadLetterSink', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'talaria-dead-letter-'));
  });

  afterEach(async () => {
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('writes one record per line', async () => {
    const file = path.join(directory, 'dead', 'letters.ndjson');
    const sink = new FileDeadLetterSink({ path: file });
    const record: DeadLetterRecord = {
      deadLetteredAt: '2025-01-02T03:04:05.000Z',
      output: 'siem',
      reason: 'retries_exhausted',
      attempts: 10,
      lastError: 'HTTP 503',
      finding: makeFinding(),
    };

    await sink.write([record, { ...record, reason: 'queue_full', attempts: 0 }]);
    await sink.close();

    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const parsed = JSON.parse(lines[0]);
    expect(Object.keys(parsed)).toEqual([
      'deadLetteredAt',
      'output',
      'reason',
      'attempts',
      'lastError',
      'finding',
    ]);
    expect(parsed).toMatchObject({
      output: 'siem',
      reason: 'retries_exhausted',
      attempts: 10,
      lastError: 'HTTP 503',
    });
    expect(lines[0]).toContain('"evt.time":1735787045123456789');
    expect(JSON.parse(lines[1]).reason).toBe('queue_full');
  });

  it('rotates at maxBytes', async () => {
    const file = path.join(directory, 'letters.ndjson');
    const sink = new FileDeadLetterSink({ path: file, maxBytes: 2048, maxFiles: 1 });
    const record: DeadLetterRecord = {
      deadLetteredAt: '2025-01-02T03:04:05.000Z',
      output: 'siem',
      reason: 'not_retryable',
      attempts: 1,
      finding: makeFinding(),
    };

    for (let write = 0; write < 4; write += 1) await sink.write([record]);
    await sink.close();

    expect((await fs.readdir(directory)).sort()).toEqual(['letters.ndjson', 'letters.ndjson.1']);
  });
});
