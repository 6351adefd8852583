import {
  alertTextOf,
  buildFinding,
  parseAlert,
  parseAlertOrThrow,
  parseJson,
  stringifyFinding,
  stringifyJson,
} from '../src';

const ALERT_TEXT =
  '{"rule":"Terminal shell in container","priority":"Notice","time":"2024-12-04T13:20:00.123456789Z",' +
  '"output":"A shell was spawned","source":"syscall","tags":["container","shell"],' +
  '"output_fields":{"evt.time":1733318400123456789,"k8s.ns.name":"payments","proc.cmdline":"bash -c \\"id\\""}}';

function findingFor(input: unknown) {
  return buildFinding({
    id: 'finding-1',
    receivedAt: '2024-12-04T13:20:01.000Z',
    cluster: 'prod-eu-1',
    region: 'eu-west-1',
    parsed: parseAlertOrThrow(input),
  });
}

describe('stringifyFinding', () => {
  it('writes the source text exactly', () => {
    const finding = findingFor(ALERT_TEXT);
    const json = stringifyFinding(finding);

    expect(json).toContain(`"alert":${ALERT_TEXT}}`);
    expect(json).toContain('"evt.time":1733318400123456789');
    expect(parseJson(json)).toEqual(parseJson(stringifyJson(finding)));
  });

  it('matches stringifyJson for parsed values', () => {
    const finding = findingFor(parseJson(ALERT_TEXT));

    expect(alertTextOf(finding.alert)).toBeUndefined();
    expect(stringifyFinding(finding)).toBe(stringifyJson(finding));
  });

  it('skips multi-line source text', () => {
    const pretty = JSON.stringify(JSON.parse(ALERT_TEXT), null, 2);
    const parsed = parseAlert(pretty);

    expect(parsed.ok).toBe(true);
    expect(alertTextOf((parsed as { alert: object }).alert)).toBeUndefined();
    expect(stringifyFinding(findingFor(pretty))).not.toContain('\n');
  });

  it('freezes alerts parsed from text', () => {
    const finding = findingFor(ALERT_TEXT);

    expect(() => {
      (finding.alert as { rule: string }).rule = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (finding.alert.output_fields as Record<string, unknown>)['proc.cmdline'] = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps wrapper keys in order', () => {
    const finding = findingFor(ALERT_TEXT);
    const document = stringifyFinding({ '@timestamp': finding.alert.time, ...finding });

    expect(document.startsWith('{"@timestamp":"2024-12-04T13:20:00.123456789Z","schema"')).toBe(
      true,
    );
    expect(parseJson(document)).toEqual(
      parseJson(stringifyJson({ '@timestamp': finding.alert.time, ...finding })),
    );
  });

  it('writes a bigint beside the alert', () => {
    const finding = { ...findingFor(ALERT_TEXT), sequence: 9007199254740993n };

    const json = stringifyFinding(finding);

    expect(json).toContain('"sequence":9007199254740993,');
    expect(json.endsWith(`"alert":${ALERT_TEXT}}`)).toBe(true);
  });

  it('writes bigints despite BigInt.prototype.toJSON', () => {
    const prototype = BigInt.prototype as { toJSON?: () => string };
    prototype.toJSON = function toJSON(this: bigint) {
      return this.toString();
    };
    try {
      const finding = { ...findingFor(ALERT_TEXT), sequence: 9007199254740993n };
      expect(stringifyFinding(finding)).toContain('"sequence":9007199254740993,');
    } finally {
      delete prototype.toJSON;
    }
  });

  it('rejects a circular finding', () => {
    const finding: ReturnType<typeof findingFor> & { self?: unknown } = findingFor(ALERT_TEXT);
    finding.self = finding;

    expect(() => stringifyFinding(finding)).toThrow(TypeError);
  });
});
