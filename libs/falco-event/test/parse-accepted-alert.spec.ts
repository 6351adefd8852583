import { alertTextOf } from '../src/alert-source-text';
import { stringifyJson } from '../src/lossless-json';
import { parseAcceptedAlert } from '../src/parse-accepted-alert';
import { parseAlert, type ParseAlertResult } from '../src/parse-alert';
import { ALL_SAMPLE_ALERTS, SYSCALL_ALERT } from './fixtures/sample-alerts';

function textWith(change: Record<string, unknown>, remove: string[] = []): string {
  const alert: Record<string, unknown> = { ...SYSCALL_ALERT, ...change };
  for (const key of remove) delete alert[key];
  return stringifyJson(alert);
}

function messagesOf(result: ParseAlertResult): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.message);
}

describe('parseAcceptedAlert', () => {
  it.each(ALL_SAMPLE_ALERTS)('gives the result of parseAlert for a %s alert', (_source, alert) => {
    const text = stringifyJson(alert);

    const again = parseAcceptedAlert(text);

    expect(again).toEqual(parseAlert(text));
    expect(again.ok && alertTextOf(again.alert)).toBe(text);
    expect(again.ok && Object.isFrozen(again.alert)).toBe(true);
  });

  it('keeps evt.time exact', () => {
    const result = parseAcceptedAlert(stringifyJson(SYSCALL_ALERT));

    expect(result.ok && result.alert.output_fields?.['evt.time']).toBe(1717176042123456789n);
  });

  it('does not check the limits again', () => {
    // Deeper than parseAlert allows in an extra field, which only the limit check sees.
    const deep = textWith({ extra: [[[[[[[[[[[['deep']]]]]]]]]]]] });

    expect(parseAlert(deep).ok).toBe(false);
    expect(parseAcceptedAlert(deep).ok).toBe(true);
  });

  it.each([
    ['text that is not JSON', '{"rule":', 'alert is not valid JSON'],
    ['an array', '[]', 'alert must be a JSON object'],
    ['an unknown priority', textWith({ priority: 'Urgent' }), 'priority "Urgent"'],
    ['a time that is not RFC 3339', textWith({ time: 'yesterday' }), 'got "yesterday"'],
    ['no rule', textWith({}, ['rule']), 'rule'],
  ])('names the problem of %s as parseAlert does', (_case, text, message) => {
    const result = parseAcceptedAlert(text);

    expect(result).toEqual(parseAlert(text));
    expect(messagesOf(result).join('; ')).toContain(message);
  });
});
