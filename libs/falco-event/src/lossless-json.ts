import { randomBytes } from 'node:crypto';
import { findUnsafeIntegers, mayContainUnsafeInteger } from './big-integer-scan';

// Stand-in strings carry unsafe integers through JSON.parse and JSON.stringify.
// The prefix is random per process and never written out, so alert text cannot
// forge one. Each call also checks that its input does not contain the prefix.
const processMarker = newMarker();

function newMarker(): string {
  return `talaria_bigint_${randomBytes(12).toString('hex')}_`;
}

function markerAbsentFrom(text: string): string {
  let marker = processMarker;
  while (text.includes(marker)) marker = newMarker();
  return marker;
}

/**
 * Parses JSON text like JSON.parse, except that integer literals beyond
 * Number.MAX_SAFE_INTEGER in magnitude become `bigint`. Floats and numbers with
 * an exponent stay `number`. Throws the SyntaxError of JSON.parse for invalid text.
 */
export function parseJson(text: string): unknown {
  if (!mayContainUnsafeInteger(text)) return JSON.parse(text);

  const literals = findUnsafeIntegers(text);
  if (literals.length === 0) return JSON.parse(text);

  const marker = markerAbsentFrom(text);
  const pieces: string[] = [];
  let copiedUpTo = 0;
  for (let i = 0; i < literals.length; i++) {
    pieces.push(text.slice(copiedUpTo, literals[i].start), `"${marker}${i}"`);
    copiedUpTo = literals[i].end;
  }
  pieces.push(text.slice(copiedUpTo));

  let parsed: unknown;
  try {
    parsed = JSON.parse(pieces.join(''));
  } catch (error) {
    // Report the error against the text the caller sent, not the rewritten one.
    JSON.parse(text);
    throw error;
  }

  const values = literals.map((literal) => literal.value);
  return restoreBigints(parsed, marker, values);
}

/**
 * Replaces stand-in strings with their bigint values. Uses an explicit stack
 * because hostile input may nest deeper than the call stack allows, and stops
 * as soon as every stand-in has been found. With duplicate keys JSON.parse keeps
 * only the last value, so some stand-ins may be gone; the walk then covers the
 * whole value.
 */
function restoreBigints(root: unknown, marker: string, values: bigint[]): unknown {
  const standIn = (value: unknown): bigint | undefined => {
    if (typeof value !== 'string' || !value.startsWith(marker)) return undefined;
    return values[Number(value.slice(marker.length))];
  };

  const rootValue = standIn(root);
  if (rootValue !== undefined) return rootValue;

  let replaced = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && replaced < values.length) {
    const container = stack.pop();

    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const item: unknown = container[i];
        const value = standIn(item);
        if (value !== undefined) {
          container[i] = value;
          replaced++;
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
        }
      }
    } else if (container !== null && typeof container === 'object') {
      const record = container as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        const value = standIn(item);
        if (value !== undefined) {
          setOwnProperty(record, key, value);
          replaced++;
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
        }
      }
    }
  }
  return root;
}

// Plain assignment to a key named `__proto__` would change the prototype instead.
function setOwnProperty(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}

/**
 * Serialises a value to JSON like JSON.stringify, writing `bigint` values as bare
 * integer literals. Values without a bigint take the plain JSON.stringify path.
 */
export function stringifyJson(value: unknown): string {
  // Another library may have given BigInt a toJSON method. JSON.stringify would
  // then write bigints as whatever it returns, so only the replacer path is exact.
  if ((BigInt.prototype as { toJSON?: unknown }).toJSON === undefined) {
    try {
      return JSON.stringify(value);
    } catch {
      // A bigint raises a TypeError here. Any other error raises again below.
    }
  }
  return stringifyWithBigints(value, processMarker);
}

function stringifyWithBigints(value: unknown, marker: string): string {
  let bigints = 0;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key, item) {
    // `this[key]` is the value before any toJSON method ran, `item` the value after.
    const raw = this[key];
    const bigint = typeof raw === 'bigint' ? raw : item;
    if (typeof bigint !== 'bigint') return item;
    bigints++;
    return marker + bigint.toString();
  });
  if (bigints === 0) return text;

  let written = 0;
  const pattern = new RegExp(`"${marker}(-?\\d+)"`, 'g');
  const result = text.replace(pattern, (_standIn, digits: string) => {
    written++;
    return digits;
  });

  // A string in the value that happens to contain the marker would be rewritten
  // too. Retry with a fresh marker, which makes a second clash impossible in practice.
  if (written !== bigints) return stringifyWithBigints(value, newMarker());
  return result;
}
