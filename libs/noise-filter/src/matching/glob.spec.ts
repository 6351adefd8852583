import { compileGlob, GlobSyntaxError, MAX_GLOB_LENGTH } from './glob';

describe('compileGlob', () => {
  it.each([
    ['/etc/haproxy/*', '/etc/haproxy/haproxy.cfg', true],
    ['/etc/haproxy/*', '/etc/nginx/nginx.conf', false],
    ['*.cfg', '/etc/haproxy/haproxy.cfg', true],
    ['*haproxy*', '/etc/haproxy/haproxy.cfg', true],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['/etc/*/*.cfg', '/etc/haproxy/haproxy.cfg', true],
    ['/etc/*/*.cfg', '/etc/haproxy.cfg', false],
    ['k6-checkout-soak-????????-*', 'k6-checkout-soak-29028060-75h7r', true],
    ['k6-checkout-soak-????????-*', 'k6-checkout-soak-2902806-75h7r', false],
    ['proc[0-9]', 'proc7', true],
    ['proc[0-9]', 'procx', false],
    ['proc[!0-9]', 'procx', true],
    ['proc[^0-9]', 'proc7', false],
    ['[]]x', ']x', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axxb', false],
    ['*', '', true],
    ['?', '', false],
    ['**a**b**', 'xxaxxbxx', true],
    ['h?ll?', 'héllo', true],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(compileGlob(pattern)(value)).toBe(expected);
  });

  it('rejects an unclosed bracket', () => {
    expect(() => compileGlob('/etc/[abc')).toThrow(GlobSyntaxError);
  });

  it('rejects a trailing backslash', () => {
    expect(() => compileGlob('abc\\')).toThrow(/lone backslash/);
  });

  it('rejects a reversed range', () => {
    expect(() => compileGlob('[z-a]')).toThrow(/reversed/);
  });

  it('rejects patterns over the length limit', () => {
    expect(() => compileGlob('a'.repeat(MAX_GLOB_LENGTH + 1))).toThrow(/maximum/);
  });

  it('matches adversarial input without backtracking', () => {
    // A backtracking matcher would outlive Jest's timeout here; the automaton makes one pass.
    const pattern = `${'*a'.repeat(40)}*b?`;
    const value = 'a'.repeat(50_000);

    expect(compileGlob(pattern)(value)).toBe(false);
    expect(compileGlob(pattern)(`${value}bc`)).toBe(true);
  });
});
