import { buildFinding, parseAlertOrThrow, parseJson } from '@talaria/falco-event';

import { corpusFinding, corpusFindings } from '../../../test/support/corpus-findings';
import { buildBulkChunks } from './bulk-request';
import { formatFindingDocument } from './finding-document';
import {
  dailyIndexName,
  describeInvalidIndexName,
  describeInvalidIndexPrefix,
} from './index-names';

describe('dailyIndexName', () => {
  it('dates by UTC day of the alert', () => {
    expect(dailyIndexName('talaria-findings', Date.parse('2025-03-11T23:59:59.999Z'))).toBe(
      'talaria-findings-2025.03.11',
    );
    expect(dailyIndexName('talaria-findings', Date.parse('2025-03-12T00:00:00.000Z'))).toBe(
      'talaria-findings-2025.03.12',
    );
  });

  it('pads years, months and days', () => {
    expect(dailyIndexName('f', Date.parse('0999-01-02T00:00:00Z'))).toBe('f-0999.01.02');
  });
});

describe('describeInvalidIndexName', () => {
  it.each([
    ['Upper', 'lower-case'],
    ['with space', 'lower-case'],
    ['a,b', 'lower-case'],
    ['a:b', 'lower-case'],
    ['-leading', 'must not start'],
    ['_leading', 'must not start'],
    ['..', 'must not be'],
    ['.ds-stream', 'reserved'],
    ['x'.repeat(256), 'at most 255 bytes'],
  ])('rejects %s', (name, problem) => {
    expect(describeInvalidIndexName(name)).toContain(problem);
  });

  it('accepts usual names', () => {
    expect(describeInvalidIndexName('talaria-findings')).toBeUndefined();
    expect(describeInvalidIndexName('logs-talaria.findings-default')).toBeUndefined();
  });

  it('keeps room for the date suffix', () => {
    expect(describeInvalidIndexPrefix('x'.repeat(244))).toBeUndefined();
    expect(describeInvalidIndexPrefix('x'.repeat(245))).toContain('at most 244 bytes');
  });
});

describe('formatFindingDocument', () => {
  it('adds the alert time as @timestamp', () => {
    const finding = corpusFinding('Delete Group');

    const document = parseJson(formatFindingDocument(finding)) as Record<string, unknown>;

    expect(document['@timestamp']).toBe('2025-03-11T06:08:02.000000000Z');
    expect(document.id).toBe(finding.id);
    expect(document.alert).toMatchObject({ rule: 'Delete Group' });
  });

  it('writes evt.time exactly', () => {
    const finding = corpusFinding('Delete Group');

    expect(formatFindingDocument(finding)).toContain('"evt.time":1741673282000000000');
  });

  it('drops duplicate keys of the sent alert', () => {
    const finding = buildFinding({
      id: 'duplicate-keys',
      receivedAt: '2025-03-11T06:08:03.000Z',
      cluster: 'prod-eu-1',
      region: 'eu-west-1',
      parsed: parseAlertOrThrow(
        '{"rule":"first","priority":"Notice","time":"2025-03-11T06:08:02Z","rule":"Delete Group"}',
      ),
    });

    const document = formatFindingDocument(finding);

    expect(document.match(/"rule":/g)).toHaveLength(1);
    expect(document).toContain('"rule":"Delete Group"');
  });
});

describe('buildBulkChunks', () => {
  it('writes index actions to daily indices', () => {
    const finding = corpusFinding('Delete Group');

    const [chunk] = buildBulkChunks([finding], { kind: 'daily', prefix: 'findings' }, 1_000_000);

    expect(JSON.parse(chunk.lines[0])).toEqual({
      index: { _index: 'findings-2025.03.11', _id: finding.id },
    });
    expect(chunk.lines[1]).toBe(formatFindingDocument(finding));
    expect(chunk.bytes).toBe(Buffer.byteLength(`${chunk.lines.join('\n')}\n`));
  });

  it('writes create actions to a data stream', () => {
    const finding = corpusFinding('Delete Group');

    const [chunk] = buildBulkChunks([finding], { kind: 'dataStream', name: 'talaria' }, 1_000_000);

    expect(JSON.parse(chunk.lines[0])).toEqual({ create: { _index: 'talaria', _id: finding.id } });
  });

  it('splits batches at the byte limit', () => {
    const findings = corpusFindings().slice(0, 40);
    const target = { kind: 'daily', prefix: 'findings' } as const;
    const whole = buildBulkChunks(findings, target, 100 * 1024 * 1024);
    const limit = Math.ceil(whole[0].bytes / 4);

    const chunks = buildBulkChunks(findings, target, limit);

    expect(whole).toHaveLength(1);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.flatMap((chunk) => chunk.findings)).toEqual(findings);
    for (const chunk of chunks) {
      expect(chunk.bytes <= limit || chunk.findings.length === 1).toBe(true);
    }
  });

  it('sends an oversized finding alone', () => {
    const findings = corpusFindings().slice(0, 3);

    const chunks = buildBulkChunks(findings, { kind: 'daily', prefix: 'f' }, 10);

    expect(chunks.map((chunk) => chunk.findings.length)).toEqual([1, 1, 1]);
  });
});
