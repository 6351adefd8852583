/**
 * Characters that can forge a log line or drive a terminal: C0 and C1 control
 * characters, DEL, the Unicode line and paragraph separators, and the
 * bidirectional overrides that reorder how text is displayed. Backslash is
 * included so that an escape written by an attacker cannot pass for one of ours.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g;

const NAMED_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\\': '\\\\',
};

/** Replaces control and display-reordering characters with visible escapes such as `\n` or `\u001b`. */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (character) => {
    const named = NAMED_ESCAPES[character];
    if (named !== undefined) return named;
    const code = character.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cuts `text` to at most `maxLength` characters, marking a cut with an ellipsis, then escapes it. */
export function escapeAndTruncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return escapeControlCharacters(text);
  return `${escapeControlCharacters(text.slice(0, maxLength))}…`;
}
