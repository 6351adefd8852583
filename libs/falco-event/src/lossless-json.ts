import { randomBytes } from 'node:crypto';
import { findUnsafeIntegers, type UnsafeIntegerLiteral } from './big-integer-scan';
import { restoreBigints } from './bigint-stand-ins';
import { mayContainBigint, writeJsonWithBigints } from './bigint-json-writer';

// Stand-in strings carry unsafe integers through JSON.parse and JSON.stringify.
// The prefix contains 96 random bits per process and is never written out, so alert
// text cannot forge a stand-in. It starts with a letter, which can never follow
// a string in valid JSON, and it is short because every stand-in gets parsed.
const processMarker = newMarker();

function newMarker(): string {
  return `b${randomBytes(12).toString('base64url')}:`;
}

/**
 * Parses JSON text like JSON.parse, except that integer literals beyond
 * Number.MAX_SAFE_INTEGER in magnitude become `bigint`. Floats and numbers with
 * an exponent stay `number`. Throws the SyntaxError of JSON.parse for invalid text.
 */
export function parseJson(text: string): unknown {
  // Falco alerts rarely carry 16-digit runs inside strings, so the scan that
  // ignores strings comes first. A run it took from a string breaks the rewritten
  // text, and the string-aware scan then decides.
  const literals = findUnsafeIntegers(text, 'ignore');
  if (literals.length === 0) return JSON.parse(text);

  try {
    return parseWithStandIns(text, literals);
  } catch {
    const exactLiterals = findUnsafeIntegers(text, 'skip');
    if (exactLiterals.length === 0) return JSON.parse(text);

    try {
      return parseWithStandIns(text, exactLiterals);
    } catch (error) {
      // Report the error against the text the caller sent, not the rewritten one.
      JSON.parse(text);
      throw error;
    }
  }
}

function parseWithStandIns(text: string, literals: UnsafeIntegerLiteral[]): unknown {
  let rewritten = '';
  let copiedUpTo = 0;
  for (let i = 0; i < literals.length; i++) {
    rewritten += text.slice(copiedUpTo, literals[i].start) + `"${processMarker}${i}"`;
    copiedUpTo = literals[i].end;
  }
  rewritten += text.slice(copiedUpTo);

  return restoreBigints(JSON.parse(rewritten), processMarker, literals);
}

/**
 * Serialises a value to JSON like JSON.stringify, writing `bigint` values as bare
 * integer literals. A value without a bigint goes to JSON.stringify after a scan
 * that stops at the first bigint.
 */
export function stringifyJson(value: unknown): string {
  if (!bigintHasToJson() && !mayContainBigint(value)) return JSON.stringify(value);
  return writeJsonWithBigints(value) as string;
}

/**
 * Serialises a value like stringifyJson, but faster for values that seldom
 * hold a bigint, such as a finding without its alert. JSON.stringify runs
 * first without a scan. When it throws at a bigint, the exact writer starts
 * over, so toJSON methods then run twice.
 */
export function stringifyRarelyBigint(value: unknown): string {
  if (bigintHasToJson()) return writeJsonWithBigints(value) as string;

  try {
    return JSON.stringify(value);
  } catch (error) {
    // A circular structure throws a TypeError too, and the writer throws it again.
    if (!(error instanceof TypeError)) throw error;
    return writeJsonWithBigints(value) as string;
  }
}

// Another library may have given BigInt a toJSON method. JSON.stringify would
// then write bigints as whatever it returns, so only the writer is exact.
function bigintHasToJson(): boolean {
  return (BigInt.prototype as { toJSON?: unknown }).toJSON !== undefined;
}
