import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compileChecker } from '../src/checker/compile-checker';
import { FalcoAlertModel } from '../src/falco-alert.model';
import { parseJson, stringifyJson } from '../src/lossless-json';
import { ALL_SAMPLE_ALERTS, copyAlert } from './fixtures/sample-alerts';

// class-validator stays the source of truth: for every generated alert the
// compiled checker must reach the same verdict as validateSync, and fail on
// the same properties.

const check = compileChecker(FalcoAlertModel);

interface Verdicts {
  compiled: string[];
  reference: string[];
}

function verdicts(alert: Record<string, unknown>, viaTransformer: boolean): Verdicts {
  const compiled = check(alert) ?? [];
  const instance = viaTransformer
    ? plainToInstance(FalcoAlertModel, alert)
    : Object.assign(new FalcoAlertModel(), alert);
  const reference = validateSync(instance);

  return {
    compiled: [...new Set(compiled.map((problem) => topLevelProperty(problem.path)))].sort(),
    reference: reference.map((error) => error.property).sort(),
  };
}

function topLevelProperty(path: string): string {
  const match = /^[^.[]+/.exec(path);
  return match === null ? path : match[0];
}

// Values each property is set to, valid and invalid, JSON-shaped.
const JSON_VALUES: Record<string, unknown[]> = {
  time: [
    '2024-05-31T17:20:42.123456789Z',
    '2024-05-31t17:20:42z',
    '2024-05-31T17:20:42+02:00',
    '2024-05-31 17:20:42.5Z',
    '2024-05-31T17:20:60Z',
    '2024-05-31',
    '17:20:42.123456789',
    'yesterday',
    '',
    1717176042,
    null,
    ['2024-05-31T17:20:42Z'],
  ],
  rule: ['Terminal shell in container', 'x', '', ' ', 0, false, null, {}, ['rule']],
  priority: [
    'Emergency',
    'ALERT',
    'critical',
    'Error',
    'WARNING',
    'Notice',
    'informational',
    'Info',
    'INFO',
    'debug',
    'warn',
    'Urgent',
    'Informative',
    '',
    3,
    null,
  ],
  output: ['text', '', 7, true, null, [], {}],
  output_fields: [
    {},
    { 'proc.name': 'bash', 'evt.time': 1717176042123456789n },
    { 'fd.names': ['a', 'b', null, 1, true] },
    { nested: [[1, 2], ['x']] },
    { 'proc.tty': 0, 'user.loginuid': -1, ratio: 0.25 },
    { bad: { inner: 1 } },
    { bad: [{ inner: 1 }] },
    [],
    'fields',
    5,
    null,
  ],
  source: ['syscall', 'k8s_audit', 'internal', '', 1, null, ['syscall']],
  tags: [[], ['a', 'b'], ['a', 1], [null], 'tag', 3, null, {}, [['a']]],
  hostname: ['node-1', '', 0, null, false],
  message: ['message', '', 12, null, {}],
};

// Values that only arrive from code, never from JSON.parse.
const EXOTIC_VALUES: Record<string, unknown[]> = {
  rule: [Object('boxed rule'), new String(''), () => 'rule', Symbol('rule')],
  priority: [Object('Info'), 5n],
  output: [Object('boxed'), new Date(0)],
  output_fields: [
    { infinite: Infinity },
    { missing: undefined },
    { fn: () => 1 },
    new Map([['a', 1]]),
    { big: -5n },
  ],
  tags: [new Set(['a']), new Set([1]), new Map([['a', 'b']]), [Object('boxed')]],
  hostname: [Object('boxed host')],
};

const PROPERTIES = Object.keys(JSON_VALUES);

// Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed.
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function mutate(
  random: () => number,
  values: Record<string, unknown[]>,
  mutations: number,
): Record<string, unknown> {
  const alert: Record<string, unknown> = copyAlert(pick(random, ALL_SAMPLE_ALERTS)[1]);

  for (let i = 0; i < mutations; i++) {
    const property = pick(random, Object.keys(values));
    if (random() < 0.15) {
      delete alert[property];
    } else {
      alert[property] = pick(random, values[property]);
    }
  }
  if (random() < 0.3)
    alert[`extra_${Math.floor(random() * 5)}`] = pick(random, [1, 'x', null, { a: [] }]);
  return alert;
}

describe('compiled checker against validateSync', () => {
  it.each(ALL_SAMPLE_ALERTS)('accepts the %s sample alert', (_source, alert) => {
    const result = verdicts(copyAlert(alert), true);

    expect(result.compiled).toEqual([]);
    expect(result.reference).toEqual([]);
  });

  const singleChanges = PROPERTIES.flatMap((property) =>
    [...JSON_VALUES[property], undefined].map((value) => [property, value] as const),
  );

  it.each(singleChanges)('agrees when %s is %p', (property, value) => {
    const alert: Record<string, unknown> = copyAlert(ALL_SAMPLE_ALERTS[0][1]);
    if (value === undefined) delete alert[property];
    else alert[property] = value;

    const result = verdicts(alert, true);

    expect(result.compiled).toEqual(result.reference);
  });

  const exoticChanges = Object.entries(EXOTIC_VALUES).flatMap(([property, values]) =>
    values.map((value, index) => [property, index, value] as const),
  );

  it.each(exoticChanges)('agrees when %s gets exotic value %#', (property, _index, value) => {
    const alert: Record<string, unknown> = copyAlert(ALL_SAMPLE_ALERTS[0][1]);
    alert[property] = value;

    const result = verdicts(alert, false);

    expect(result.compiled).toEqual(result.reference);
  });

  it('agrees on 3000 random JSON alerts', () => {
    const random = randomGenerator(20240531);
    const disagreements: string[] = [];
    let invalid = 0;

    for (let i = 0; i < 3000; i++) {
      // Round trip through JSON text so that inputs are exactly what parseJson yields.
      const alert = parseJson(stringifyJson(mutate(random, JSON_VALUES, 1 + (i % 4)))) as Record<
        string,
        unknown
      >;
      const result = verdicts(alert, true);
      if (result.reference.length > 0) invalid++;
      if (result.compiled.join() !== result.reference.join()) {
        disagreements.push(`${stringifyJson(alert)}: ${result.compiled} vs ${result.reference}`);
      }
    }

    expect(disagreements).toEqual([]);
    // Both verdicts must occur often, or the comparison proves little.
    expect(invalid).toBeGreaterThan(1000);
    expect(invalid).toBeLessThan(2900);
  });

  it('agrees on 1000 random alerts with exotic values', () => {
    const random = randomGenerator(7);
    const values = { ...JSON_VALUES };
    for (const [property, exotic] of Object.entries(EXOTIC_VALUES)) {
      values[property] = [...values[property], ...exotic];
    }
    const disagreements: string[] = [];

    for (let i = 0; i < 1000; i++) {
      const alert = mutate(random, values, 1 + (i % 3));
      const result = verdicts(alert, false);
      if (result.compiled.join() !== result.reference.join()) {
        disagreements.push(`case ${i}: ${result.compiled} vs ${result.reference}`);
      }
    }

    expect(disagreements).toEqual([]);
  });

  // The shared sample file is optional, so this test only adds cases when it exists.
  const samplesPath = join(__dirname, '../../../samples/falco-events.ndjson');
  const sampleLines = existsSync(samplesPath)
    ? readFileSync(samplesPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];

  it('agrees on every line of the samples file when present', () => {
    const disagreements = sampleLines.flatMap((line, index) => {
      let alert: unknown;
      try {
        alert = parseJson(line);
      } catch {
        return [];
      }
      if (alert === null || typeof alert !== 'object' || Array.isArray(alert)) return [];

      const result = verdicts(alert as Record<string, unknown>, true);
      return result.compiled.join() === result.reference.join() ? [] : [`line ${index + 1}`];
    });

    expect(disagreements).toEqual([]);
  });
});
