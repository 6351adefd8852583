import { mayContainBigint, writeJsonWithBigints } from '../src/bigint-json-writer';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const sparse: unknown[] = [1];
sparse[3] = 4;

describe('writeJsonWithBigints', () => {
  it.each([
    ['a string with quotes and escapes', 'say "hi"\\\n\t\u0001'],
    ['a lone surrogate', 'a\ud800b'],
    ['a surrogate pair', 'emoji \ud83d\ude00'],
    ['non-finite numbers', [NaN, Infinity, -Infinity]],
    ['negative zero', -0],
    ['skipped object members', { a: undefined, b: () => 1, c: Symbol('s'), d: 1 }],
    ['nulls for skipped array items', [undefined, () => 1, Symbol('s')]],
    ['a sparse array', sparse],
    ['a Date', { at: new Date(Date.UTC(2024, 4, 31, 17, 20, 42)) }],
    ['boxed primitives', [Object(1), Object('s'), Object(false)]],
    ['a class instance', new Point(1, 2)],
    ['a Map', new Map([['a', 1]])],
    ['a toJSON that reads its key', { k: { toJSON: (key: string) => `key:${key}` } }],
    ['a toJSON returning an object', { k: { toJSON: () => ({ nested: [1] }) } }],
    ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
    ['integer-like keys', { b: 1, 2: 'two', 1: 'one' }],
    ['a bare undefined', undefined],
    ['a function', () => 1],
  ])('matches JSON.stringify for %s', (_case, value) => {
    expect(writeJsonWithBigints(value)).toBe(JSON.stringify(value));
  });

  it.each([
    ['a bigint member', { n: 12345678901234567890n }, '{"n":12345678901234567890}'],
    ['a negative bigint', [-5n], '[-5]'],
    ['a boxed bigint', [Object(7n)], '[7]'],
    ['a bigint from toJSON', { n: { toJSON: () => 9n } }, '{"n":9}'],
  ])('writes %s as bare digits', (_case, value, expected) => {
    expect(writeJsonWithBigints(value)).toBe(expected);
  });

  it('rejects a circular structure', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = [cyclic];

    expect(() => writeJsonWithBigints(cyclic)).toThrow(TypeError);
  });

  it('allows a shared object that is not a cycle', () => {
    const shared = { n: 1n };

    expect(writeJsonWithBigints([shared, shared])).toBe('[{"n":1},{"n":1}]');
  });
});

describe('mayContainBigint', () => {
  it.each([
    ['a bigint', 1n, true],
    ['a nested bigint', { a: [{ b: 2n }] }, true],
    ['a Date', new Date(0), true],
    ['an object with toJSON', { toJSON: () => 1 }, true],
    ['a class instance', new Point(1, 2), true],
    ['plain JSON data', { a: [1, 'x', null, { b: true }] }, false],
    ['a string', '12345678901234567890', false],
  ])('returns the right answer for %s', (_case, value, expected) => {
    expect(mayContainBigint(value)).toBe(expected);
  });

  it('gives up on very deep values', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];

    expect(mayContainBigint(deep)).toBe(true);
  });
});
