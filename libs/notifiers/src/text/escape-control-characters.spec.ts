import { escapeAndTruncate, escapeControlCharacters } from './escape-control-characters';

describe('escapeControlCharacters', () => {
  it.each([
    ['line\nbreak', 'line\\nbreak'],
    ['carriage\rreturn', 'carriage\\rreturn'],
    ['tab\there', 'tab\\there'],
    ['\u001b[2J clear screen', '\\x1b[2J clear screen'],
    ['nul\u0000byte', 'nul\\x00byte'],
    ['del\u007f', 'del\\x7f'],
    ['c1\u009bcsi', 'c1\\x9bcsi'],
    ['separator\u2028line', 'separator\\u2028line'],
    ['bidi\u202eoverride', 'bidi\\u202eoverride'],
    ['isolate\u2066x\u2069', 'isolate\\u2066x\\u2069'],
    ['back\\slash', 'back\\\\slash'],
    ['plain text ünïcødé', 'plain text ünïcødé'],
  ])('escapes %j', (input, expected) => {
    expect(escapeControlCharacters(input)).toBe(expected);
  });

  it('cannot be forged by a literal escape', () => {
    expect(escapeControlCharacters('\\n')).not.toBe(escapeControlCharacters('\n'));
  });
});

describe('escapeAndTruncate', () => {
  it('cuts long text with an ellipsis', () => {
    expect(escapeAndTruncate('abcdef', 3)).toBe('abc…');
  });

  it('keeps short text', () => {
    expect(escapeAndTruncate('a\nb', 3)).toBe('a\\nb');
  });
});
