import {
  codeBlock,
  cutMarker,
  escapeInvisible,
  escapeMrkdwn,
  escapeMrkdwnCode,
  escapeToFit,
  fitMrkdwn,
  inlineCode,
} from './mrkdwn';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here> and <!everyone>', '&lt;!here&gt; and &lt;!everyone&gt;'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['<@U012AB3CD> <#C123|general>', '&lt;@U012AB3CD&gt; &lt;#C123|general&gt;'],
    ['a && b > c', 'a &amp;&amp; b &gt; c'],
    ['&lt;!channel&gt;', '&amp;lt;!channel&amp;gt;'],
    ['plain text', 'plain text'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('leaves no angle bracket that could start a control sequence', () => {
    const hostile = '<<!channel>>\u200b<!chan\u200bnel><\u0000!here>';
    const escaped = escapeMrkdwn(hostile);

    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toContain('&lt;&lt;!channel&gt;&gt;');
  });

  it('makes invisible characters visible', () => {
    expect(escapeMrkdwn('<!chan\u200bnel>')).toBe('&lt;!chan\\u200bnel&gt;');
    expect(escapeMrkdwn('rm\u00ad -rf')).toBe('rm\\u00ad -rf');
    expect(escapeMrkdwn('\ufeffstart')).toBe('\\ufeffstart');
    expect(escapeMrkdwn('a\u2060b\u200dc')).toBe('a\\u2060b\\u200dc');
  });

  it('escapes control characters and line breaks', () => {
    expect(escapeMrkdwn('line one\nline two\r\n')).toBe('line one\\nline two\\r\\n');
    expect(escapeMrkdwn('\u001b[31mred')).toBe('\\x1b[31mred');
    expect(escapeMrkdwn('a\u2028b')).toBe('a\\u2028b');
    expect(escapeMrkdwn('evil\u202egnp.exe')).toBe('evil\\u202egnp.exe');
  });

  it('doubles backslashes so escapes cannot be forged', () => {
    expect(escapeMrkdwn('C:\\temp\\n')).toBe('C:\\\\temp\\\\n');
  });

  it('keeps other Unicode text', () => {
    expect(escapeMrkdwn('grüße 日本 🐧')).toBe('grüße 日本 🐧');
  });
});

describe('escapeMrkdwnCode', () => {
  it('replaces backticks that would end a code span', () => {
    expect(escapeMrkdwnCode('echo `id` ```x```')).toBe(
      'echo \u02cbid\u02cb \u02cb\u02cb\u02cbx\u02cb\u02cb\u02cb',
    );
  });

  it('still escapes control sequences', () => {
    expect(escapeMrkdwnCode('`<!channel>`')).toBe('\u02cb&lt;!channel&gt;\u02cb');
  });
});

describe('escapeInvisible', () => {
  it('keeps angle brackets and ampersands for plain text', () => {
    expect(escapeInvisible('a <b> & c\n')).toBe('a <b> & c\\n');
  });
});

describe('escapeToFit', () => {
  it('returns short text whole', () => {
    expect(escapeToFit('<b>', 20, escapeMrkdwn)).toEqual({ text: '&lt;b&gt;', omitted: 0 });
  });

  it('cuts long text with room for the marker', () => {
    const raw = 'x'.repeat(5000);
    const fitted = escapeToFit(raw, 3000, escapeMrkdwn);
    const result = `${fitted.text}${cutMarker(fitted.omitted)}`;

    expect(result.length).toBeLessThanOrEqual(3000);
    expect(fitted.omitted).toBe(5000 - fitted.text.length);
    expect(result.endsWith(`… (cut, ${fitted.omitted} more characters)`)).toBe(true);
  });

  it('never splits an entity', () => {
    const raw = '<'.repeat(100);
    const fitted = escapeToFit(raw, 60, escapeMrkdwn);

    expect(fitted.text).toMatch(/^(&lt;)+$/);
    expect(fitted.omitted).toBe(100 - fitted.text.length / 4);
  });

  it('never splits a surrogate pair', () => {
    const raw = '🐧'.repeat(100);
    const fitted = escapeToFit(raw, 60, escapeMrkdwn);

    expect(fitted.text).toBe('🐧'.repeat(fitted.text.length / 2));
    expect(fitted.omitted).toBe(100 - fitted.text.length / 2);
  });
});

describe('inlineCode', () => {
  it('wraps escaped text in backticks', () => {
    expect(inlineCode('cat /etc/shadow > /tmp/x', 100)).toBe('`cat /etc/shadow &gt; /tmp/x`');
  });

  it('shows an empty value in words', () => {
    expect(inlineCode('', 100)).toBe('_(empty)_');
  });

  it('puts the cut marker after the span', () => {
    const text = inlineCode('a'.repeat(3000), 2000);

    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/^`a+`… \(cut, \d+ more characters\)$/);
  });
});

describe('codeBlock', () => {
  it('fences escaped text', () => {
    expect(codeBlock('bash -c "echo `whoami`"', 100)).toBe(
      '```bash -c "echo \u02cbwhoami\u02cb"```',
    );
  });

  it('cuts within the limit', () => {
    const text = codeBlock('y'.repeat(10_000), 2900);

    expect(text.length).toBeLessThanOrEqual(2900);
    expect(text).toMatch(/```… \(cut, \d+ more characters\)$/);
  });
});

describe('fitMrkdwn', () => {
  it('escapes and cuts plain text', () => {
    const text = fitMrkdwn(`<!channel> ${'z'.repeat(200)}`, 100);

    expect(text.startsWith('&lt;!channel&gt; zzz')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/… \(cut, \d+ more characters\)$/);
  });
});
