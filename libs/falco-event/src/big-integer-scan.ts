/** An integer literal in JSON text that Number cannot hold exactly. */
export interface UnsafeIntegerLiteral {
  /** Offset of the first character (the minus sign, if any). */
  start: number;
  /** Offset just past the last digit. */
  end: number;
  value: bigint;
}

const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

// Any integer beyond the safe range has at least 16 digits, so shorter runs never matter.
const LONG_DIGIT_RUN = /-?\d{16,}/g;
const HAS_LONG_DIGIT_RUN = /\d{16}/;

/** Returns whether `text` contains a digit run long enough to hold an unsafe integer. */
export function mayContainUnsafeInteger(text: string): boolean {
  return HAS_LONG_DIGIT_RUN.test(text);
}

/**
 * Finds integer literals outside JSON strings that exceed Number.MAX_SAFE_INTEGER
 * in magnitude. Literals that JSON would reject (leading zeros, a sign other than
 * a single minus, digits glued to other characters) are left alone so that
 * JSON.parse still reports them. Runs inside strings are skipped by tracking
 * quotes with indexOf, which costs one step per string rather than per character.
 */
export function findUnsafeIntegers(text: string): UnsafeIntegerLiteral[] {
  const found: UnsafeIntegerLiteral[] = [];
  const strings = new StringTracker(text);
  const pattern = new RegExp(LONG_DIGIT_RUN.source, 'g');

  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;

    const stringEnd = strings.endOfStringContaining(start);
    if (stringEnd !== -1) {
      pattern.lastIndex = stringEnd + 1;
      continue;
    }

    if (!isStandaloneInteger(text, start, end)) continue;

    const literal = match[0];
    if (!exceedsSafeRange(literal)) continue;

    found.push({ start, end, value: BigInt(literal) });
  }

  return found;
}

function exceedsSafeRange(literal: string): boolean {
  const digits = literal.charCodeAt(0) === 45 ? literal.slice(1) : literal;
  if (digits.length !== MAX_SAFE_DIGITS.length) return true;
  return digits > MAX_SAFE_DIGITS;
}

/**
 * Checks that the digit run is a whole JSON integer in a value position: preceded
 * by `:`, `,`, `[` or the start of the text, followed by `,`, `]`, `}` or the end,
 * and without a leading zero. A run glued to `.`, `e`, `+` or a letter is part of
 * something else, such as a float, and stays with JSON.parse.
 */
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
