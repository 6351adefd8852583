/**
 * Glob patterns as Falco's `glob` operator reads them: `*` matches any run of
 * characters (`/` included), `?` matches one character, `[abc]`, `[a-z]` and
 * `[!abc]` or `[^abc]` match one character of a set, and a backslash makes
 * the next character literal.
 *
 * Matching simulates the pattern's automaton one input character at a time,
 * with no backtracking, so it takes O(value length × pattern length) time
 * whatever the pattern and value are. No regular expression is built from
 * the pattern.
 */

type GlobToken =
  | { kind: 'literal'; char: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'set'; negated: boolean; chars: string; ranges: Array<[string, string]> };

/** Maximum pattern length in characters, which bounds the matching cost per value. */
export const MAX_GLOB_LENGTH = 1024;

export type GlobMatcher = (value: string) => boolean;

/** Thrown for a pattern that cannot be compiled, with the reason in the message. */
export class GlobSyntaxError extends Error {}

/** Compiles a glob pattern into a matcher; throws GlobSyntaxError for an invalid pattern. */
export function compileGlob(pattern: string): GlobMatcher {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new GlobSyntaxError(
      `glob pattern is ${pattern.length} characters long; the maximum is ${MAX_GLOB_LENGTH}`,
    );
  }
  const tokens = tokenize(pattern);

  // Common shapes become plain string tests, which are faster than the automaton.
  const shortcut = plainStringTest(tokens);
  if (shortcut !== undefined) return shortcut;

  return (value) => runAutomaton(tokens, value);
}

function tokenize(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let index = 0;

  while (index < pattern.length) {
    const char = pattern[index];

    if (char === '\\') {
      if (index + 1 >= pattern.length) {
        throw new GlobSyntaxError(
          'glob pattern ends with a lone backslash; write \\\\ for a literal one',
        );
      }
      tokens.push({ kind: 'literal', char: pattern[index + 1] });
      index += 2;
    } else if (char === '*') {
      // Consecutive stars match the same as one.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      index += 1;
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
      index += 1;
    } else if (char === '[') {
      const { token, next } = readSet(pattern, index);
      tokens.push(token);
      index = next;
    } else {
      tokens.push({ kind: 'literal', char });
      index += 1;
    }
  }
  return tokens;
}

function readSet(pattern: string, start: number): { token: GlobToken; next: number } {
  let index = start + 1;
  const negated = pattern[index] === '!' || pattern[index] === '^';
  if (negated) index += 1;

  let chars = '';
  const ranges: Array<[string, string]> = [];
  let first = true;

  // A `]` right after the opening bracket is a member, as in POSIX brackets.
  while (index < pattern.length && (pattern[index] !== ']' || first)) {
    first = false;
    let char = pattern[index];
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      char = pattern[index];
    }

    const isRange =
      pattern[index + 1] === '-' && index + 2 < pattern.length && pattern[index + 2] !== ']';
    if (isRange) {
      const end = pattern[index + 2];
      if (end < char) {
        throw new GlobSyntaxError(
          `glob range [${char}-${end}] is reversed; write [${end}-${char}]`,
        );
      }
      ranges.push([char, end]);
      index += 3;
    } else {
      chars += char;
      index += 1;
    }
  }

  if (index >= pattern.length) {
    throw new GlobSyntaxError(
      `glob pattern has a "[" at position ${start + 1} without a closing "]"; write \\[ for a literal bracket`,
    );
  }
  return { token: { kind: 'set', negated, chars, ranges }, next: index + 1 };
}

function plainStringTest(tokens: GlobToken[]): GlobMatcher | undefined {
  const stars = tokens.filter((token) => token.kind === 'star').length;
  const onlyLiteralsAndStars = tokens.every(
    (token) => token.kind === 'literal' || token.kind === 'star',
  );
  if (!onlyLiteralsAndStars || stars > 2) return undefined;

  const text = (part: GlobToken[]) =>
    part.map((token) => (token.kind === 'literal' ? token.char : '')).join('');
  const startsWithStar = tokens[0]?.kind === 'star';
  const endsWithStar = tokens.length > 0 && tokens[tokens.length - 1].kind === 'star';

  if (stars === 0) {
    const literal = text(tokens);
    return (value) => value === literal;
  }
  if (stars === 1 && endsWithStar) {
    const prefix = text(tokens);
    return (value) => value.startsWith(prefix);
  }
  if (stars === 1 && startsWithStar) {
    const suffix = text(tokens);
    return (value) => value.endsWith(suffix);
  }
  if (stars === 2 && startsWithStar && endsWithStar) {
    const infix = text(tokens);
    return (value) => value.includes(infix);
  }
  return undefined;
}

function matchesOne(token: GlobToken, char: string): boolean {
  switch (token.kind) {
    case 'literal':
      return token.char === char;
    case 'any':
      return true;
    case 'set': {
      const member =
        token.chars.includes(char) ||
        token.ranges.some(([low, high]) => char >= low && char <= high);
      return member !== token.negated;
    }
    case 'star':
      return false;
  }
}

/**
 * Tracks every pattern position the value can have reached so far. State i
 * means "the first i tokens matched"; a star state stays active on any
 * character and also activates the state after it without consuming one.
 */
function runAutomaton(tokens: GlobToken[], value: string): boolean {
  const stateCount = tokens.length + 1;
  let current = new Uint8Array(stateCount);
  let next = new Uint8Array(stateCount);
  current[0] = 1;
  closeOverStars(tokens, current);

  for (const char of value) {
    next.fill(0);
    let anyActive = false;

    for (let state = 0; state < tokens.length; state += 1) {
      if (current[state] === 0) continue;
      const token = tokens[state];
      if (token.kind === 'star') {
        next[state] = 1;
        anyActive = true;
      } else if (matchesOne(token, char)) {
        next[state + 1] = 1;
        anyActive = true;
      }
    }
    if (!anyActive) return false;

    closeOverStars(tokens, next);
    [current, next] = [next, current];
  }
  return current[tokens.length] === 1;
}

function closeOverStars(tokens: GlobToken[], states: Uint8Array): void {
  for (let state = 0; state < tokens.length; state += 1) {
    if (states[state] === 1 && tokens[state].kind === 'star') states[state + 1] = 1;
  }
}
