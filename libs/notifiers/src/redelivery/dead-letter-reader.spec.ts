import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFinding } from '../../test/support/findings';
import { formatDeadLetterLines, type DeadLetterRecord } from '../delivery/dead-letter';
import {
  parseDeadLetterLine,
  readDeadLetterFiles,
  type InvalidDeadLetterLine,
} from './dead-letter-reader';

const RECORD: DeadLetterRecord = {
  deadLetteredAt: '2026-12-05T07:01:00.000Z',
  output: 'siem',
  reason: 'output_down',
  attempts: 2,
  finding: makeFinding(),
};

describe('parseDeadLetterLine', () => {
  it('keeps big integers exact', () => {
    const line = formatDeadLetterLines([RECORD]).trim();

    const parsed = parseDeadLetterLine(line) as DeadLetterRecord;

    expect(parsed.finding.alert.output_fields?.['evt.time']).toBe(1735787045123456789n);
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"reason":"output_down","finding":{}}', 'no "output" name'],
    ['{"output":"siem","finding":{}}', 'no "reason"'],
    ['{"output":"siem","reason":"output_down"}', 'no "finding" object'],
    ['{"output":"siem","reason":"output_down","finding":{"alert":{}}}', 'the finding has no "id"'],
    ['{"output":"siem","reason":"output_down","finding":{"id":"f-1"}}', 'no "alert" object'],
  ])('rejects %s', (line, problem) => {
    expect(parseDeadLetterLine(line)).toContain(problem);
  });
});

describe('readDeadLetterFiles', () => {
  it('reads records of several files and names invalid lines', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-dead-letter-reader-'));
    const first = join(directory, 'dead-letter.ndjson');
    const second = join(directory, 'dead-letter.ndjson.1');
    writeFileSync(first, `${formatDeadLetterLines([RECORD])}\n{"output":"siem"}\n`);
    writeFileSync(second, formatDeadLetterLines([RECORD, RECORD]));
    const records: DeadLetterRecord[] = [];
    const invalid: InvalidDeadLetterLine[] = [];

    await readDeadLetterFiles(
      [first, second],
      (record) => void records.push(record),
      (line) => invalid.push(line),
    );

    expect(records).toHaveLength(3);
    expect(invalid).toEqual([{ path: first, line: 3, problem: 'no "reason"' }]);
  });
});
