import { makeFinding } from '../../../test/support/findings';
import { sampleFinding } from '../../../test/support/sample-findings';
import { formatHecEvent, formatHecTime } from './hec-event';

const metadata = { source: 'talaria', sourcetype: 'falco' };

describe('formatHecTime', () => {
  it('keeps every nanosecond digit of the alert time', () => {
    const finding = sampleFinding('Terminal shell in container');

    expect(finding.alert.time).toBe('2025-03-11T11:05:42.190780465Z');
    expect(formatHecTime(finding)).toBe('1741691142.190780465');
  });

  it.each([
    ['2025-03-11T06:08:02.000000000Z', '1741673282'],
    ['2025-03-11T06:08:02.120000000Z', '1741673282.12'],
    ['2025-03-11T06:08:02Z', '1741673282'],
    ['2025-03-11T08:08:02.5+02:00', '1741673282.5'],
    ['1969-12-31T23:59:59.250000000Z', '-1.25'],
  ])('writes %s as %s', (time, expected) => {
    const finding = makeFinding();
    finding.alert.time = time;

    expect(formatHecTime(finding)).toBe(expected);
  });

  it('falls back to the millisecond time', () => {
    const finding = makeFinding({ timeMs: 1735787045123 });
    finding.alert.time = 'not a time';

    expect(formatHecTime(finding)).toBe('1735787045.123');
  });
});

describe('formatHecEvent', () => {
  it('wraps the finding with HEC metadata', () => {
    const finding = sampleFinding('Terminal shell in container', 'f-hec-1');

    const text = formatHecEvent(finding, { ...metadata, index: 'security' });

    expect(
      text.startsWith(
        '{"time":1741691142.190780465,"host":"ip-203-0-113-14.ec2.internal","source":"talaria","sourcetype":"falco","index":"security","event":{',
      ),
    ).toBe(true);
    expect(text).toContain('"evt.time":1741691142190780465');
    const parsed = JSON.parse(text) as { event: { id: string; alert: { rule: string } } };
    expect(parsed.event.id).toBe('f-hec-1');
    expect(parsed.event.alert.rule).toBe('Terminal shell in container');
  });

  it('leaves out an unset index and uses the cluster without a hostname', () => {
    const finding = makeFinding();
    delete finding.alert.hostname;

    const parsed = JSON.parse(formatHecEvent(finding, metadata)) as Record<string, unknown>;

    expect(parsed.host).toBe('prod-eu');
    expect('index' in parsed).toBe(false);
  });

  it('lets the configured host win', () => {
    const parsed = JSON.parse(
      formatHecEvent(sampleFinding('Terminal shell in container'), {
        ...metadata,
        host: 'forwarder-1',
      }),
    ) as Record<string, unknown>;

    expect(parsed.host).toBe('forwarder-1');
  });

  it('escapes metadata as JSON strings', () => {
    const parsed = JSON.parse(
      formatHecEvent(makeFinding(), { source: 'a"b\\c', sourcetype: 'falco\n' }),
    ) as Record<string, unknown>;

    expect(parsed.source).toBe('a"b\\c');
    expect(parsed.sourcetype).toBe('falco\n');
  });
});
