import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { buildFinding } from '../src/build-finding';
import { FalcoEventError } from '../src/errors';
import { FINDING_SCHEMA, type Finding } from '../src/finding';
import { newFindingId } from '../src/finding-id';
import { stringifyJson } from '../src/lossless-json';
import { parseAlert, type ParsedAlert } from '../src/parse-alert';
import { ALL_SAMPLE_ALERTS, copyAlert, SYSCALL_ALERT } from './fixtures/sample-alerts';
import { validateAgainstSchema } from './support/json-schema-subset';

const schema = JSON.parse(
  readFileSync(join(__dirname, '../schema/finding.v1.schema.json'), 'utf8'),
) as Record<string, unknown>;

function parsed(alert: unknown): ParsedAlert {
  const result = parseAlert(alert);
  if (!result.ok) throw new Error(`sample alert is invalid: ${JSON.stringify(result.problems)}`);
  return result;
}

function findingFor(
  alert: unknown,
  receivedAt: Date | string = new Date(Date.UTC(2024, 4, 31, 17, 21)),
): Finding {
  return buildFinding({
    id: newFindingId(),
    receivedAt,
    cluster: 'prod-eu-1',
    region: 'eu-west-1',
    parsed: parsed(alert),
  });
}

// What a consumer in another language reads: plain JSON, big integers as numbers.
function asJson(finding: Finding): unknown {
  return JSON.parse(stringifyJson(finding));
}

describe('newFindingId', () => {
  it('returns a UUIDv7 that the uuid package accepts', () => {
    const id = newFindingId();

    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(7);
  });

  it('puts the time in the first 48 bits', () => {
    const id = newFindingId(Date.UTC(2030, 0, 1));

    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(
      Date.UTC(2030, 0, 1),
    );
  });

  it('sets the RFC 9562 variant', () => {
    expect(newFindingId()[19]).toMatch(/[89ab]/);
  });

  it('sorts in creation order within one millisecond', () => {
    const now = Date.UTC(2031, 0, 1);
    const ids = Array.from({ length: 5000 }, () => newFindingId(now));

    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays ordered when the clock steps back', () => {
    const first = newFindingId(Date.UTC(2032, 0, 1, 0, 0, 1));
    const second = newFindingId(Date.UTC(2032, 0, 1));

    expect(second > first).toBe(true);
  });
});

describe('buildFinding', () => {
  it('fills the finding from the parsed alert', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    const finding = buildFinding({
      id: 'id-1',
      receivedAt: '2024-05-31T17:21:00.5Z',
      cluster: 'prod-eu-1',
      region: 'eu-west-1',
      parsed: parsed(alert),
    });

    expect(finding).toEqual({
      schema: FINDING_SCHEMA,
      id: 'id-1',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      receivedAt: '2024-05-31T17:21:00.5Z',
      cluster: 'prod-eu-1',
      region: 'eu-west-1',
      priority: 'Notice',
      timeMs: 1717176042123,
      workload: expect.objectContaining({ namespace: 'payments', workloadName: 'api' }),
      owner: { status: 'unknown', reason: 'not enriched' },
      alert,
    });
  });

  it('writes a Date receivedAt in ISO 8601', () => {
    expect(findingFor(copyAlert(SYSCALL_ALERT), new Date(Date.UTC(2024, 4, 31))).receivedAt).toBe(
      '2024-05-31T00:00:00.000Z',
    );
  });

  it('formats each receivedAt of a sequence', () => {
    const times = [Date.UTC(2024, 4, 31), Date.UTC(2024, 4, 31), Date.UTC(2024, 4, 31, 0, 0, 1)];
    const written = times.map(
      (epochMs) => findingFor(copyAlert(SYSCALL_ALERT), new Date(epochMs)).receivedAt,
    );

    expect(written).toEqual([
      '2024-05-31T00:00:00.000Z',
      '2024-05-31T00:00:00.000Z',
      '2024-05-31T00:00:01.000Z',
    ]);
  });

  it('uses the given fingerprint fields', () => {
    const base = {
      id: 'x',
      receivedAt: new Date(),
      cluster: 'c',
      region: 'r',
      parsed: parsed(copyAlert(SYSCALL_ALERT)),
    };

    expect(buildFinding({ ...base, fingerprintFields: ['rule'] }).fingerprint).not.toBe(
      buildFinding(base).fingerprint,
    );
  });

  it.each([
    ['an empty id', { id: '' }, 'non-empty string id'],
    ['an empty cluster', { cluster: ' ' }, 'non-empty string cluster'],
    ['a region that is not a string', { region: 5 }, 'non-empty string region'],
    ['an invalid Date', { receivedAt: new Date('nope') }, 'receivedAt'],
    ['a receivedAt that is not RFC 3339', { receivedAt: 'yesterday' }, 'receivedAt'],
    [
      'a rejected parse result',
      { parsed: { ok: false, problems: [] } },
      'successful parseAlert result',
    ],
  ])('throws for %s', (_case, change, message) => {
    const input = {
      id: 'x',
      receivedAt: new Date(),
      cluster: 'c',
      region: 'r',
      parsed: parsed(copyAlert(SYSCALL_ALERT)),
      ...change,
    };

    expect(() => buildFinding(input as never)).toThrow(FalcoEventError);
    expect(() => buildFinding(input as never)).toThrow(message);
  });
});

describe('finding.v1.schema.json', () => {
  it.each(ALL_SAMPLE_ALERTS)('accepts a finding from a %s alert', (_source, alert) => {
    expect(validateAgainstSchema(schema, asJson(findingFor(copyAlert(alert))))).toEqual([]);
  });

  it.each([
    [
      'only the required alert fields',
      { time: '2024-05-31T17:20:42Z', rule: 'r', priority: 'debug' },
    ],
    ['extra alert fields', { ...copyAlert(SYSCALL_ALERT), extra: { nested: [1, { a: null }] } }],
    [
      'list fields',
      { ...copyAlert(SYSCALL_ALERT), output_fields: { 'fd.names': ['a', null, 1, [true]] } },
    ],
    [
      'an offset time',
      { ...copyAlert(SYSCALL_ALERT), time: '2024-05-31T19:20:42.1+02:00', priority: 'INFO' },
    ],
  ])('accepts a finding with %s', (_case, alert) => {
    expect(validateAgainstSchema(schema, asJson(findingFor(alert)))).toEqual([]);
  });

  it('accepts a finding with a known owner and a coalesced count', () => {
    const finding = {
      ...findingFor(copyAlert(SYSCALL_ALERT)),
      owner: {
        status: 'known',
        service: 'api',
        team: 'payments',
        matchedBy: 'namespace',
        vulnerabilities: { critical: 2 },
      },
      coalesced: { count: 3, firstSeen: '2024-05-31T17:20:00Z', lastSeen: '2024-05-31T17:25:00Z' },
    };

    expect(validateAgainstSchema(schema, asJson(finding as Finding))).toEqual([]);
  });

  // The validator must be able to fail, or the tests above prove nothing.
  it.each([
    [
      'a wrong schema tag',
      (finding: Record<string, unknown>) => (finding.schema = 'talaria.finding/v2'),
    ],
    ['a missing id', (finding: Record<string, unknown>) => delete finding.id],
    ['an unknown priority', (finding: Record<string, unknown>) => (finding.priority = 'Info')],
    ['a short fingerprint', (finding: Record<string, unknown>) => (finding.fingerprint = 'abc')],
    ['a fractional timeMs', (finding: Record<string, unknown>) => (finding.timeMs = 1.5)],
    ['an unexpected property', (finding: Record<string, unknown>) => (finding.note = 'x')],
    ['a bad owner', (finding: Record<string, unknown>) => (finding.owner = { status: 'unknown' })],
    [
      'an object field value',
      (finding: Record<string, unknown>) =>
        ((finding.alert as { output_fields: object }).output_fields = { a: {} }),
    ],
    [
      'a bad alert priority',
      (finding: Record<string, unknown>) =>
        ((finding.alert as { priority: string }).priority = 'err'),
    ],
    [
      'a bad receivedAt',
      (finding: Record<string, unknown>) => (finding.receivedAt = '2024-02-30T00:00:00Z'),
    ],
  ])('rejects %s', (_case, breakFinding) => {
    const finding = asJson(findingFor(copyAlert(SYSCALL_ALERT))) as Record<string, unknown>;
    breakFinding(finding);

    expect(validateAgainstSchema(schema, finding)).not.toEqual([]);
  });
});
