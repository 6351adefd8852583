import { writeFalcoJson } from './falco-json';

describe('writeFalcoJson', () => {
  it('sorts keys at every level', () => {
    expect(writeFalcoJson({ time: 't', b: { z: 1, a: 2 }, a: [{ y: true, x: null }] })).toBe(
      '{"a":[{"x":null,"y":true}],"b":{"a":2,"z":1},"time":"t"}',
    );
  });

  it('writes bigint with every digit', () => {
    const text = writeFalcoJson({ 'evt.time': 1741680842513287004n });
    expect(text).toBe('{"evt.time":1741680842513287004}');
    expect(text).not.toContain('1741680842513287000');
  });

  it('escapes strings as JSON', () => {
    expect(writeFalcoJson('a "quoted"\tvalue\n\u0001')).toBe('"a \\"quoted\\"\\tvalue\\n\\u0001"');
  });

  it('writes a __proto__ own key as a plain key', () => {
    const value = {};
    Object.defineProperty(value, '__proto__', { value: { polluted: true }, enumerable: true });
    expect(writeFalcoJson(value)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('writes floats and negative integers', () => {
    expect(writeFalcoJson([13820.5, -1, 0.002212])).toBe('[13820.5,-1,0.002212]');
  });

  it('rejects unsafe integers passed as numbers', () => {
    expect(() => writeFalcoJson(Number('1741680842513287004'))).toThrow(
      /pass integers beyond 2\^53 - 1 as bigint/,
    );
  });

  it('rejects non-finite numbers', () => {
    expect(() => writeFalcoJson(Number.NaN)).toThrow(/JSON has no such number/);
    expect(() => writeFalcoJson(Number.POSITIVE_INFINITY)).toThrow(/JSON has no such number/);
  });
});
