/** An integer literal in JSON text that Number cannot hold exactly. */
export interface UnsafeIntegerLiteral {
  /** Offset of the first character (the minus sign, if any). */
  start: number;
  /** Offset just past the last digit. */
  end: number;
  value: bigint;
  /** Property name when the literal directly follows `"name":` without escapes, else undefined. */
  key?: string;
}

const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

// Any integer beyond the safe range has at least 16 digits, so shorter runs never matter.
const MIN_RUN = MAX_SAFE_DIGITS.length;

/**
 * Finds integer literals in value position (after `:`, `,`, `[` or at the start,
 * before `,`, `]`, `}` or the end) that exceed Number.MAX_SAFE_INTEGER in
 * magnitude. Literals that JSON would reject (leading zeros, a sign other than a
 * single minus, digits glued to other characters) are left alone so that
 * JSON.parse still reports them.
 *
 * With `insideStrings: 'skip'`, digit runs inside string literals are skipped by
 * tracking quotes with indexOf, one step per string. With `'ignore'` that
 * tracking is left out, which is faster but may return a run from inside a string
 * such as `"a, 12345678901234567890, b"`. Replacing such a run with a quoted
 * stand-in always breaks the JSON: the stand-in's opening quote ends the string
 * and a letter follows. So a caller can try `'ignore'` first and rescan with
 * `'skip'` when JSON.parse fails.
 */
export function findUnsafeIntegers(
  text: string,
  insideStrings: 'skip' | 'ignore',
): UnsafeIntegerLiteral[] {
  const found: UnsafeIntegerLiteral[] = [];
  let strings: StringTracker | undefined;

  // Probe every 16th character: any run of 16 or more digits covers a probe,
  // so a text without long runs costs about length / 16 steps.
  let probe = MIN_RUN - 1;
  while (probe < text.length) {
    if (!isDigit(text.charCodeAt(probe))) {
      probe += MIN_RUN;
      continue;
    }
    // A run of 16 digits through the probe also covers the character 8 before
    // or 8 after it, which rules out most short numbers without a full scan.
    if (!isDigit(text.charCodeAt(probe - 8)) && !isDigit(text.charCodeAt(probe + 8))) {
      probe += MIN_RUN;
      continue;
    }

    let runStart = probe;
    while (runStart > 0 && isDigit(text.charCodeAt(runStart - 1))) runStart--;
    let runEnd = probe + 1;
    while (runEnd < text.length && isDigit(text.charCodeAt(runEnd))) runEnd++;
    probe = runEnd + MIN_RUN;
    if (runEnd - runStart < MIN_RUN) continue;

    if (insideStrings === 'skip') {
      strings ??= new StringTracker(text);
      const stringEnd = strings.endOfStringContaining(runStart);
      if (stringEnd !== -1) {
        probe = stringEnd + MIN_RUN;
        continue;
      }
    }

    const start = text.charCodeAt(runStart - 1) === 45 ? runStart - 1 : runStart;
    if (!isStandaloneInteger(text, start, runEnd)) continue;

    const literal = text.slice(start, runEnd);
    if (!exceedsSafeRange(literal)) continue;

    found.push({ start, end: runEnd, value: BigInt(literal), key: precedingKey(text, start) });
  }

  return found;
}

// One unsigned comparison covers both bounds of '0' to '9' on the hot path.
function isDigit(code: number): boolean {
  return (code - 48) >>> 0 <= 9;
}

// Only a hint for finding the value after JSON.parse, so a wrong guess costs time only.
function precedingKey(text: string, literalStart: number): string | undefined {
  let colon = literalStart - 1;
  while (colon >= 0 && isJsonSpace(text.charCodeAt(colon))) colon--;
  if (text.charCodeAt(colon) !== 58) return undefined;

  let close = colon - 1;
  while (close >= 0 && isJsonSpace(text.charCodeAt(close))) close--;
  if (text.charCodeAt(close) !== 34) return undefined;

  const open = text.lastIndexOf('"', close - 1);
  if (open === -1) return undefined;

  const key = text.slice(open + 1, close);
  if (key.includes('\\') || text.charCodeAt(open - 1) === 92) return undefined;
  return key;
}

function exceedsSafeRange(literal: string): boolean {
  const digits = literal.charCodeAt(0) === 45 ? literal.slice(1) : literal;
  if (digits.length !== MAX_SAFE_DIGITS.length) return true;
  return digits > MAX_SAFE_DIGITS;
}

// A run glued to `.`, `e`, `+` or a letter is part of something else, such as a
// float, and stays with JSON.parse.
function isStandaloneInteger(text: string, start: number, end: number): boolean {
  const firstDigit = text.charCodeAt(start) === 45 ? start + 1 : start;
  if (text.charCodeAt(firstDigit) === 48) return false;

  const before = previousNonSpace(text, start);
  if (before !== -1 && before !== 58 && before !== 44 && before !== 91) return false;

  const after = nextNonSpace(text, end);
  return after === -1 || after === 44 || after === 93 || after === 125;
}

function previousNonSpace(text: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (!isJsonSpace(code)) return code;
  }
  return -1;
}

function nextNonSpace(text: string, index: number): number {
  for (let i = index; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isJsonSpace(code)) return code;
  }
  return -1;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Walks the string literals of JSON text from left to right. Queries must come
 * in increasing offset order, so the whole scan touches each quote once.
 */
class StringTracker {
  // Offset where scanning for the next opening quote resumes.
  private cursor = 0;
  // The last string found: [open, close] offsets of its quotes.
  private open = -1;
  private close = -1;

  constructor(private readonly text: string) {}

  /** Returns the offset of the closing quote if `index` is inside a string, else -1. */
  endOfStringContaining(index: number): number {
    if (index > this.open && index < this.close) return this.close;

    while (this.cursor <= index) {
      const open = this.text.indexOf('"', this.cursor);
      if (open === -1 || open > index) return -1;

      const close = this.closingQuote(open);
      this.open = open;
      this.close = close;
      this.cursor = close + 1;

      if (index < close) return close;
    }
    return -1;
  }

  // An unterminated string runs to the end of the text, where JSON.parse rejects it.
  private closingQuote(open: number): number {
    let search = open + 1;
    for (;;) {
      const quote = this.text.indexOf('"', search);
      if (quote === -1) return this.text.length;
      if (!isEscaped(this.text, quote)) return quote;
      search = quote + 1;
    }
  }
}

// A quote is escaped when an odd number of backslashes precede it.
function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}
