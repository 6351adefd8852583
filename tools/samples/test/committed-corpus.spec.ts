import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Checks the committed corpus as a consumer would read it. It reads nothing outside the repository.
const CORPUS_PATH = join(__dirname, '../../../samples/falco-events.ndjson');

const PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
];
const SOURCES = [
  'syscall',
  'k8s_audit',
  'aws_cloudtrail',
  'okta',
  'github',
  'gcp_auditlog',
  'internal',
];

/** Fields that Falco types as integers, so each must be a JSON integer whenever it has a value. */
const INTEGER_FIELDS = [
  'user.uid',
  'user.loginuid',
  'group.gid',
  'proc.tty',
  'fd.lport',
  'fd.rport',
  'fd.sport',
  'evt.num',
];

interface Alert {
  time: string;
  rule: string;
  priority: string;
  source: string;
  hostname: string;
  output: string;
  tags?: string[];
  output_fields: Record<string, unknown>;
}

const lines = readFileSync(CORPUS_PATH, 'utf8')
  .split('\n')
  .filter((line) => line !== '');
const alerts = lines.map((line) => JSON.parse(line) as Alert);

describe('committed Falco corpus', () => {
  it('has one JSON object per line', () => {
    expect(lines.length).toBeGreaterThan(300);
    for (const alert of alerts)
      expect(alert).toEqual(expect.objectContaining({ output_fields: expect.any(Object) }));
  });

  it('gives every alert rule, priority, time and hostname', () => {
    for (const alert of alerts) {
      expect(typeof alert.rule).toBe('string');
      expect(alert.rule).not.toBe('');
      expect(alert.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      expect(alert.hostname).not.toBe('');
      expect([...PRIORITIES, 'info', 'WARNING']).toContain(alert.priority);
    }
  });

  it('keeps every digit of evt.time', () => {
    let checked = 0;
    for (const line of lines) {
      const raw = /"evt\.time":(-?[\d.eE+]+)[,}]/.exec(line);
      if (raw === null) continue;
      checked += 1;

      expect(raw[1]).toMatch(/^\d{19}$/);
      expect(raw[1]).toBe(nanosecondsOf(JSON.parse(line).time));
    }
    expect(checked).toBeGreaterThan(lines.length * 0.9);
  });

  it('covers every source', () => {
    expect(new Set(alerts.map((alert) => alert.source))).toEqual(new Set(SOURCES));
  });

  it('prefixes rule outputs with clock time and Falco priority', () => {
    for (const alert of alerts.filter(({ source }) => source !== 'internal')) {
      const prefix = alert.output.slice(0, alert.output.indexOf(' ', 20));
      expect(prefix).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{9}: [A-Z][a-z]+$/);
      expect(alert.output.slice(0, 18)).toBe(alert.time.slice(11, 29));
      expect(PRIORITIES).toContain(prefix.slice(20));
    }
  });

  it('spells some priorities as other senders do', () => {
    expect(alerts.some(({ priority }) => priority === 'info')).toBe(true);
    expect(alerts.some(({ priority }) => priority === 'WARNING')).toBe(true);
  });

  it('gives internal alerts no tags and rule alerts sorted tags', () => {
    for (const alert of alerts) {
      if (alert.source === 'internal') {
        expect(alert).not.toHaveProperty('tags');
        continue;
      }
      expect(alert.tags).toEqual([...new Set(alert.tags)].sort());
    }
  });

  it('types integer fields as integers', () => {
    for (const alert of alerts) {
      for (const field of INTEGER_FIELDS) {
        const value = alert.output_fields[field];
        if (value !== undefined && value !== null) expect(Number.isInteger(value)).toBe(true);
      }
    }
  });

  it('shows each field value in the output', () => {
    for (const [index, alert] of alerts.entries()) {
      if (alert.source === 'internal') continue;

      for (const [field, value] of Object.entries(alert.output_fields)) {
        if (field.startsWith('evt.time')) continue;
        expect(alert.output).toContain(renderedValue(lines[index], field, value));
      }
    }
  });

  it('uses documentation addresses in IPv4 fields', () => {
    const documentation = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/;
    for (const alert of alerts) {
      for (const field of ['fd.sip', 'fd.rip', 'ct.srcip', 'okta.client.ip', 'gcp.callerIP']) {
        const address = alert.output_fields[field];
        if (typeof address === 'string' && address !== '169.254.169.254')
          expect(address).toMatch(documentation);
      }
    }
  });
});

/** Returns nanoseconds since the epoch for an RFC 3339 time with nine fraction digits. */
function nanosecondsOf(time: string): string {
  const [, seconds, fraction] = /^(.{19})\.(\d{9})Z$/.exec(time)!;
  return (BigInt(Date.parse(`${seconds}Z`) / 1000) * 1_000_000_000n + BigInt(fraction)).toString();
}

/**
 * Returns the text Falco puts in the output for a field. Large integers come
 * from the raw line, because the parsed number has lost digits.
 */
function renderedValue(line: string, field: string, value: unknown): string {
  if (value === null) return '<NA>';
  if (Array.isArray(value)) return `(${value.join(',')})`;
  if (typeof value === 'number' && !Number.isSafeInteger(value) && Number.isInteger(value)) {
    const key = JSON.stringify(field).replace(/[.[\]]/g, '\\$&');
    return new RegExp(`${key}:(\\d+)`).exec(line)![1];
  }
  return String(value);
}
