import { parseJson, stringifyJson } from '../src/lossless-json';

const EVT_TIME = 1717171717123456789n;

describe('parseJson', () => {
  it.each([
    ['beyond the safe range', '9007199254740992', 9007199254740992n],
    ['nanosecond timestamp', '1717171717123456789', EVT_TIME],
    ['negative beyond the safe range', '-9007199254740993', -9007199254740993n],
    ['far beyond 64 bits', '123456789012345678901234567890', 123456789012345678901234567890n],
    ['uint64 maximum', '18446744073709551615', 18446744073709551615n],
  ])('turns an integer %s into bigint', (_case, text, expected) => {
    expect(parseJson(text)).toBe(expected);
  });

  it.each([
    ['the largest safe integer', '9007199254740991'],
    ['the smallest safe integer', '-9007199254740991'],
    ['a 16-digit safe integer', '1000000000000000'],
    ['a float with many digits', '12345678901234567.5'],
    ['a fraction with many digits', '0.12345678901234567'],
    ['an exponent', '12345678901234567e2'],
    ['a negative exponent', '1.5E-12345678901234567'],
    ['a small integer', '42'],
  ])('keeps %s a number', (_case, text) => {
    expect(parseJson(text)).toBe(Number(text));
  });

  it('converts evt.time inside output_fields', () => {
    const text = `{"rule":"r","output_fields":{"evt.time":${EVT_TIME},"proc.name":"sh"}}`;

    const parsed = parseJson(text) as { output_fields: Record<string, unknown> };

    expect(parsed.output_fields['evt.time']).toBe(EVT_TIME);
  });

  it('converts big integers inside nested arrays', () => {
    const text = '{"a":[1,[9007199254740993,-9007199254740994],{"b":[18446744073709551615]}]}';

    expect(parseJson(text)).toEqual({
      a: [1, [9007199254740993n, -9007199254740994n], { b: [18446744073709551615n] }],
    });
  });

  it.each([
    ['a plain string', '"12345678901234567890"'],
    ['a string after escaped quotes', '"say \\"12345678901234567890\\" twice"'],
    ['a string ending in a backslash', '["a\\\\", "12345678901234567890"]'],
    ['an object key', '{"12345678901234567890": 1}'],
  ])('leaves digits inside %s alone', (_case, text) => {
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('converts a number that follows a string with escapes', () => {
    const text = '{"output":"a \\"quoted\\" \\\\","n":12345678901234567890}';

    expect(parseJson(text)).toEqual({ output: 'a "quoted" \\', n: 12345678901234567890n });
  });

  it('tolerates whitespace around big integers', () => {
    const text = '[ \n\t12345678901234567890 \r\n, 1 ]';

    expect(parseJson(text)).toEqual([12345678901234567890n, 1]);
  });

  it('keeps the last value of a duplicate key', () => {
    expect(parseJson('{"a":12345678901234567890,"a":1}')).toEqual({ a: 1 });
  });

  it('keeps a __proto__ key as an own property', () => {
    const parsed = parseJson('{"__proto__":12345678901234567890}') as object;

    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBe(12345678901234567890n);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('does not mistake a marker-like string for a big integer', () => {
    const text = '{"s":"talaria_bigint_00_0","n":12345678901234567890}';

    expect(parseJson(text)).toEqual({ s: 'talaria_bigint_00_0', n: 12345678901234567890n });
  });

  it('restores big integers deeper than the call stack', () => {
    const depth = 20000;
    const text = '['.repeat(depth) + '12345678901234567890' + ']'.repeat(depth);

    let value = parseJson(text);
    for (let i = 0; i < depth; i++) value = (value as unknown[])[0];

    expect(value).toBe(12345678901234567890n);
  });

  it.each([
    ['a leading zero', '[012345678901234567890]'],
    ['a plus sign', '[+12345678901234567890]'],
    ['a double minus', '[--12345678901234567890]'],
    ['digits glued to a letter', '[12345678901234567890x]'],
    ['a bare key', '{12345678901234567890: 1}'],
    ['a missing comma', '[1 12345678901234567890]'],
    ['an unterminated string', '["abc 12345678901234567890]'],
  ])('rejects %s like JSON.parse', (_case, text) => {
    expect(() => parseJson(text)).toThrow(SyntaxError);
  });

  it('reports the error position of the original text', () => {
    const text = '{"n":12345678901234567890,}';
    let expected = '';
    try {
      JSON.parse(text);
    } catch (error) {
      expected = (error as Error).message;
    }

    expect(() => parseJson(text)).toThrow(expected);
  });
});

describe('stringifyJson', () => {
  it('matches JSON.stringify without bigints', () => {
    const value = { a: 1, b: 'x', c: [true, null, 2.5], d: { e: 'f' } };

    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });

  it.each([
    ['a positive bigint', { n: EVT_TIME }, `{"n":${EVT_TIME}}`],
    ['a negative bigint', { n: -EVT_TIME }, `{"n":-${EVT_TIME}}`],
    ['a bigint in an array', [1n, [2n]], '[1,[2]]'],
    ['a bare bigint', 12345678901234567890n, '12345678901234567890'],
    ['a bigint from toJSON', { n: { toJSON: () => 7n } }, '{"n":7}'],
  ])('writes %s as bare digits', (_case, value, expected) => {
    expect(stringifyJson(value)).toBe(expected);
  });

  it('leaves a marker-like string untouched', () => {
    const value = { s: '"talaria_bigint_00_1"', n: 5n };

    expect(stringifyJson(value)).toBe('{"s":"\\"talaria_bigint_00_1\\"","n":5}');
  });

  it('writes bigints exactly when BigInt has a toJSON method', () => {
    const prototype = BigInt.prototype as { toJSON?: () => string };
    prototype.toJSON = function () {
      return `${this}n`;
    };
    try {
      expect(stringifyJson({ n: 12345678901234567890n })).toBe('{"n":12345678901234567890}');
    } finally {
      delete prototype.toJSON;
    }
  });

  it('raises the JSON.stringify error for a cycle', () => {
    const cyclic: Record<string, unknown> = { n: 1n };
    cyclic.self = cyclic;

    expect(() => stringifyJson(cyclic)).toThrow(TypeError);
  });
});

describe('lossless round trip', () => {
  it.each([
    [
      'a Falco alert',
      { time: '2024-05-31T16:08:37.123456789Z', output_fields: { 'evt.time': EVT_TIME } },
    ],
    ['negative big integers', { n: [-18446744073709551615n, -9007199254740992n] }],
    ['nested arrays and objects', { a: [{ b: [[12345678901234567890n]] }], c: -1.5e-7 }],
    ['mixed safe and unsafe numbers', [9007199254740991, 9007199254740992n, 0.1, -7]],
  ])('keeps %s', (_case, value) => {
    expect(parseJson(stringifyJson(value))).toEqual(value);
  });
});

describe('parseJson on many big integers', () => {
  it('restores every value when keys repeat across objects', () => {
    const objects = Array.from(
      { length: 2000 },
      (_, i) => `{"evt.time":${10n ** 18n + BigInt(i)}}`,
    );
    const text = `{"output_fields":{"evt.time":${10n ** 19n}},"items":[${objects.join(',')}]}`;

    const parsed = parseJson(text) as {
      output_fields: { 'evt.time': bigint };
      items: { 'evt.time': bigint }[];
    };

    expect(parsed.output_fields['evt.time']).toBe(10n ** 19n);
    expect(parsed.items.map((item) => item['evt.time'])).toEqual(
      Array.from({ length: 2000 }, (_, i) => 10n ** 18n + BigInt(i)),
    );
  });

  it('restores a value found under the same key in two places', () => {
    const text = '{"a":{"n":12345678901234567890},"n":22345678901234567890}';

    expect(parseJson(text)).toEqual({ a: { n: 12345678901234567890n }, n: 22345678901234567890n });
  });
});
