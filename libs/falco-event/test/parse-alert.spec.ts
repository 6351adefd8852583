import { DEFAULT_ALERT_LIMITS, type AlertLimits } from '../src/alert-limits';
import { FalcoEventError, InvalidAlertError } from '../src/errors';
import { stringifyJson } from '../src/lossless-json';
import {
  createAlertParser,
  parseAlert,
  parseAlertOrThrow,
  type ParseAlertResult,
  type ParsedAlert,
} from '../src/parse-alert';
import {
  ALL_SAMPLE_ALERTS,
  copyAlert,
  INTERNAL_DROP_ALERT,
  SYSCALL_ALERT,
} from './fixtures/sample-alerts';

function problemsOf(result: ParseAlertResult): { path: string; message: string }[] {
  return result.ok ? [] : result.problems;
}

// Fails the test with the problems when the alert was rejected.
function accepted(result: ParseAlertResult): ParsedAlert {
  if (!result.ok) throw new Error(`expected a valid alert; got ${JSON.stringify(result.problems)}`);
  return result;
}

function withChange(
  change: Record<string, unknown>,
  remove: string[] = [],
): Record<string, unknown> {
  const alert: Record<string, unknown> = { ...copyAlert(SYSCALL_ALERT), ...change };
  for (const key of remove) delete alert[key];
  return alert;
}

describe('parseAlert on valid alerts', () => {
  it.each(ALL_SAMPLE_ALERTS)('accepts a %s alert as JSON text', (_source, alert) => {
    const result = parseAlert(stringifyJson(alert));

    expect(problemsOf(result)).toEqual([]);
    expect(accepted(result).alert).toEqual(alert);
  });

  it.each(ALL_SAMPLE_ALERTS)('accepts a parsed %s alert', (_source, alert) => {
    const parsed = copyAlert(alert);

    const result = parseAlert(parsed);

    expect(accepted(result).alert).toBe(parsed);
  });

  it('keeps evt.time exact', () => {
    const result = parseAlert(stringifyJson(SYSCALL_ALERT));

    expect(accepted(result).alert.output_fields?.['evt.time']).toBe(1717176042123456789n);
  });

  it('returns the canonical priority and the time as numbers', () => {
    const result = parseAlert(withChange({ priority: 'INFO' }));

    expect(accepted(result).priority).toBe('Informational');
    expect(accepted(result).timeMs).toBe(1717176042123);
    expect(accepted(result).timeNanos).toBe(1717176042123456789n);
  });

  it('keeps the priority and time strings as sent', () => {
    const result = parseAlert(
      withChange({ priority: 'warning', time: '2024-05-31T19:20:42+02:00' }),
    );

    expect(accepted(result).alert.priority).toBe('warning');
    expect(accepted(result).alert.time).toBe('2024-05-31T19:20:42+02:00');
  });

  it('accepts an alert with only the required fields', () => {
    const result = parseAlert({ time: '2024-05-31T17:20:42Z', rule: 'r', priority: 'Debug' });

    expect(result.ok).toBe(true);
  });

  it('keeps unknown top-level fields', () => {
    const result = parseAlert(
      withChange({ cluster_hint: 'eu-1', uuid: 'abc', labels: { a: ['b'] } }),
    );

    expect(accepted(result).alert.cluster_hint).toBe('eu-1');
    expect(accepted(result).alert.labels).toEqual({ a: ['b'] });
  });

  it('accepts internal alerts with string counters and no tags', () => {
    const result = parseAlert(stringifyJson(INTERNAL_DROP_ALERT));

    expect(accepted(result).alert.source).toBe('internal');
    expect(accepted(result).alert.tags).toBeUndefined();
  });
});

describe('parseAlert on invalid alerts', () => {
  it.each([
    [{}, ['rule'], 'rule', 'rule is missing; expected a non-empty string'],
    [{}, ['time'], 'time', 'time is missing; expected an RFC 3339 time'],
    [{}, ['priority'], 'priority', 'priority is missing; expected one of Emergency, Alert'],
    [{ rule: '' }, [], 'rule', 'rule must be a non-empty string; got ""'],
    [{ rule: 42 }, [], 'rule', 'rule must be a non-empty string; got 42'],
    [
      { priority: 'Urgent' },
      [],
      'priority',
      'priority "Urgent" is not a Falco priority; expected one of Emergency, Alert, Critical, Error, Warning (or Warn), Notice, Informational (or Info), Debug',
    ],
    [{ priority: 'err' }, [], 'priority', 'priority "err" is not a Falco priority'],
    [{ time: '2024-05-31' }, [], 'time', 'time must be an RFC 3339 time such as'],
    [
      { time: 1717176042 },
      [],
      'time',
      'time must be an RFC 3339 time such as "2024-05-31T17:20:42.123456789Z"; got 1717176042',
    ],
    [
      { time: '2024-02-30T00:00:00Z' },
      [],
      'time',
      'time "2024-02-30T00:00:00Z" is not a calendar date',
    ],
    [{ output: null }, [], 'output', 'output must be a string; got null'],
    [{ hostname: 7 }, [], 'hostname', 'hostname must be a string; got 7'],
    [{ source: ['syscall'] }, [], 'source', 'source must be a string; got an array of 1 items'],
    [{ tags: 'shell' }, [], 'tags', 'tags must be an array of strings; got "shell"'],
    [{ tags: ['shell', 3] }, [], 'tags[1]', 'tags[1] must be a string; got 3'],
    [{ message: {} }, [], 'message', 'message must be a string; got an object'],
    [
      { output_fields: [] },
      [],
      'output_fields',
      'output_fields must be an object of field names to values; got an array of 0 items',
    ],
    [
      { output_fields: { 'proc.name': { nested: true } } },
      [],
      'output_fields["proc.name"]',
      'output_fields["proc.name"] must be a string, number, boolean, null or an array of those; got an object',
    ],
    [
      { output_fields: { 'fd.names': ['a', { b: 1 }] } },
      [],
      'output_fields["fd.names"][1]',
      'output_fields["fd.names"][1] must be a string, number, boolean, null or an array of those',
    ],
  ])('reports %p without %p at %s', (change, remove, path, message) => {
    const problems = problemsOf(parseAlert(withChange(change, remove)));

    expect(problems.map((problem) => problem.path)).toEqual([path]);
    expect(problems[0].message).toContain(message);
  });

  it('reports every invalid field at once', () => {
    const problems = problemsOf(parseAlert({ time: 'now', priority: 'x', rule: '' }));

    expect(problems.map((problem) => problem.path)).toEqual(['time', 'rule', 'priority']);
  });

  it('rejects a float that overflowed to Infinity', () => {
    const problems = problemsOf(parseAlert(stringifyJson(SYSCALL_ALERT).replace('34816', '1e999')));

    expect(problems[0].message).toBe(
      'output_fields["proc.tty"] must be a finite number; got Infinity',
    );
  });

  it.each([
    ['text that is not JSON', '{"rule":', 'alert is not valid JSON'],
    ['a JSON array', '[1,2]', 'alert must be a JSON object; got an array of 2 items'],
    ['a JSON string', '"alert"', 'alert must be a JSON object; got "alert"'],
    ['JSON null', 'null', 'alert must be a JSON object; got null'],
    ['an empty text', '', 'alert is not valid JSON'],
  ])('rejects %s', (_case, text, message) => {
    const problems = problemsOf(parseAlert(text));

    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('');
    expect(problems[0].message).toContain(message);
  });

  it.each([
    ['a number', 5, 'alert must be a JSON object; got 5'],
    ['undefined', undefined, 'alert must be a JSON object; got missing'],
    ['a Buffer', Buffer.from('{}'), 'Decode it as UTF-8 text first'],
  ])('rejects %s as input', (_case, input, message) => {
    const problems = problemsOf(parseAlert(input));

    expect(problems[0].message).toContain(message);
  });
});

describe('parseAlert limits', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('rejects a top-level %s key', (key) => {
    const text = stringifyJson(SYSCALL_ALERT).replace('{', `{"${key}":{"polluted":true},`);

    const problems = problemsOf(parseAlert(text));

    expect(problems).toEqual([
      {
        path: key,
        message: `key "${key}" is not allowed because copying it with Object.assign or a merge can alter object prototypes; remove or rename it`,
      },
    ]);
  });

  it('rejects __proto__ inside output_fields', () => {
    const text = stringifyJson(SYSCALL_ALERT).replace(
      '"output_fields":{',
      '"output_fields":{"__proto__":"x",',
    );

    const problems = problemsOf(parseAlert(text));

    expect(problems.map((problem) => problem.path)).toEqual(['output_fields.__proto__']);
  });

  it('rejects constructor deep inside an extra field', () => {
    const problems = problemsOf(parseAlert(withChange({ extra: { a: [{ constructor: 1 }] } })));

    expect(problems.map((problem) => problem.path)).toEqual(['extra.a[0].constructor']);
  });

  it('rejects text over maxTextLength', () => {
    const text = stringifyJson(SYSCALL_ALERT);

    const problems = problemsOf(parseAlert(text, { limits: { maxTextLength: 100 } }));

    expect(problems[0].message).toBe(
      `alert text is ${text.length} characters long; the limit is 100 (limits.maxTextLength)`,
    );
  });

  it('rejects a string over maxStringLength', () => {
    const problems = problemsOf(parseAlert(withChange({ output: 'x'.repeat(65_537) })));

    expect(problems).toEqual([
      {
        path: 'output',
        message: 'output is 65537 characters long; the limit is 65536 (limits.maxStringLength)',
      },
    ]);
  });

  it('accepts a string of exactly maxStringLength', () => {
    expect(parseAlert(withChange({ output: 'x'.repeat(65_536) })).ok).toBe(true);
  });

  it('rejects a long string inside output_fields', () => {
    const problems = problemsOf(
      parseAlert(withChange({ output_fields: { 'proc.cmdline': 'y'.repeat(1001) } }), {
        limits: { maxStringLength: 1000 },
      }),
    );

    expect(problems.map((problem) => problem.path)).toEqual(['output_fields["proc.cmdline"]']);
  });

  it('rejects more output_fields keys than maxOutputFields', () => {
    const fields = Object.fromEntries(Array.from({ length: 513 }, (_, i) => [`f.${i}`, i]));

    const problems = problemsOf(parseAlert(withChange({ output_fields: fields })));

    expect(problems).toEqual([
      {
        path: 'output_fields',
        message: 'output_fields has 513 keys; the limit is 512 (limits.maxOutputFields)',
      },
    ]);
  });

  it.each([
    [[1, 2], 0, false],
    [[1, 2], 1, true],
    [[[1]], 1, false],
    [[[1]], 2, true],
    [[[[1]]], 2, false],
  ])('checks %j against maxFieldValueDepth %i', (value, maxFieldValueDepth, expected) => {
    const result = parseAlert(withChange({ output_fields: { 'fd.names': value } }), {
      limits: { maxFieldValueDepth },
    });

    expect(result.ok).toBe(expected);
  });

  it('names the depth limit in the message', () => {
    const problems = problemsOf(parseAlert(withChange({ output_fields: { 'fd.names': [[[1]]] } })));

    expect(problems[0].message).toBe(
      'output_fields["fd.names"][0][0] nests arrays or objects deeper than 2 levels (limits.maxFieldValueDepth)',
    );
  });

  it('rejects deeply nested extra fields without overflowing the stack', () => {
    const depth = 50_000;
    const text = stringifyJson(SYSCALL_ALERT).replace(
      '{',
      `{"deep":${'['.repeat(depth)}${']'.repeat(depth)},`,
    );

    const problems = problemsOf(parseAlert(text));

    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('deeper than 8 levels (limits.maxExtraFieldDepth)');
  });

  it('stops after maxProblems problems', () => {
    const extras = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`x${i}`, 'z'.repeat(20)]),
    );

    const problems = problemsOf(
      parseAlert(withChange(extras), { limits: { maxStringLength: 10, maxProblems: 5 } }),
    );

    expect(problems).toHaveLength(5);
  });

  it('exposes the documented defaults', () => {
    expect(DEFAULT_ALERT_LIMITS).toEqual({
      maxTextLength: 1_048_576,
      maxStringLength: 65_536,
      maxOutputFields: 512,
      maxFieldValueDepth: 2,
      maxExtraFieldDepth: 8,
      maxProblems: 20,
    });
  });

  it.each([
    [{ maxStringLength: -1 }, 'maxStringLength must be a non-negative integer; got -1'],
    [{ maxOutputFields: 1.5 }, 'maxOutputFields must be a non-negative integer; got 1.5'],
    [{ maxProblems: 0 }, 'maxProblems must be at least 1'],
    [{ maxDepth: 3 }, 'Unknown alert limit "maxDepth"'],
  ])('rejects the limits %p', (overrides, message) => {
    // Configuration may come from untyped files, so the test bypasses the type.
    const limits = overrides as Partial<AlertLimits>;

    expect(() => createAlertParser({ limits })).toThrow(FalcoEventError);
    expect(() => createAlertParser({ limits })).toThrow(message);
  });
});

describe('parseAlertOrThrow', () => {
  it('returns a valid alert', () => {
    expect(parseAlertOrThrow(stringifyJson(SYSCALL_ALERT)).priority).toBe('Notice');
  });

  it('throws InvalidAlertError with the problems', () => {
    let caught: unknown;
    try {
      parseAlertOrThrow({ time: 'now', rule: 'r', priority: 'Debug' });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(InvalidAlertError);
    expect((caught as InvalidAlertError).problems.map((problem) => problem.path)).toEqual(['time']);
    expect((caught as InvalidAlertError).message).toMatch(
      /^Invalid Falco alert: time must be an RFC 3339 time/,
    );
  });
});

describe('parseAlert rejection reasons', () => {
  it.each([
    ['text that is not JSON', 'invalid_json', '{"rule":', {}],
    ['text over the length limit', 'too_large', '{"rule":"r"}', { maxTextLength: 5 }],
    ['a JSON array', 'invalid_alert', '[]', {}],
    ['a model problem', 'invalid_alert', '{"rule":"r"}', {}],
    ['a forbidden key', 'invalid_alert', '{"__proto__":1}', {}],
    [
      'an impossible date',
      'invalid_alert',
      '{"rule":"r","priority":"Debug","time":"2024-02-30T00:00:00Z"}',
      {},
    ],
  ])('labels %s as %s', (_case, reason, text, limits) => {
    const result = parseAlert(text, { limits });

    expect(result.ok ? undefined : result.reason).toBe(reason);
  });
});
