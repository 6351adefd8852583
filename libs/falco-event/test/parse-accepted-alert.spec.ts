import { alertTextOf } from '../src/alert-source-text';
import { stringifyJson } from '../src/lossless-json';
import { parseAcceptedAlert } from '../src/parse-accepted-alert';
import { parseAlert, type ParseAlertResult, type ParsedAlert } from '../src/parse-alert';
import { ALL_SAMPLE_ALERTS, SYSCALL_ALERT } from './fixtures/sample-alerts';

function textWith(change: Record<string, unknown>, remove: string[] = []): string {
  const alert: Record<string, unknown> = { ...SYSCALL_ALERT, ...change };
  for (const key of remove) delete alert[key];
  return stringifyJson(alert);
}

// Fails the test with the problems when the alert was rejected.
function accepted(result: ParseAlertResult): ParsedAlert {
  if (!result.ok) throw new Error(`expected a valid alert; got ${JSON.stringify(result.problems)}`);
  return result;
}

function messagesOf(result: ParseAlertResult): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.message);
}

describe('parseAcceptedAlert', () => {
  it.each(ALL_SAMPLE_ALERTS)('gives the result of parseAlert for a %s alert', (_source, alert) => {
    const text = stringifyJson(alert);

    const again = parseAcceptedAlert(text);

    expect(again).toEqual(parseAlert(text));
    expect(alertTextOf(accepted(again).alert)).toBe(text);
    expect(Object.isFrozen(accepted(again).alert)).toBe(true);
  });

  it('keeps evt.time exact', () => {
    const result = parseAcceptedAlert(stringifyJson(SYSCALL_ALERT));

    expect(accepted(result).alert.output_fields?.['evt.time']).toBe(1717176042123456789n);
  });

  it('does not check the limits again', () => {
    // Nested deeper than the limit for extra fields, which only the limit check tests.
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
