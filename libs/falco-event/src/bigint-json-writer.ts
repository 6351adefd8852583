// Deeper values are handed to the writer, which detects cycles exactly.
const MAX_SCAN_DEPTH = 256;

/**
 * Returns whether JSON.stringify could meet a bigint in `value`. Objects other
 * than plain objects and arrays, and objects with a toJSON method, count as
 * "could", because their JSON form is only known after calling into them.
 */
export function mayContainBigint(value: unknown, depth = 0): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  if (depth > MAX_SCAN_DEPTH || !isPlainContainer(value)) return true;

  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (mayContainBigint(value[i], depth + 1)) return true;
    }
    return false;
  }

  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return true;
  for (const key of Object.keys(record)) {
    if (mayContainBigint(record[key], depth + 1)) return true;
  }
  return false;
}

function isPlainContainer(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === Array.prototype || prototype === null;
}

/**
 * Serialises a value to JSON text with `bigint` values written as bare integer
 * literals. Everything else follows the JSON.stringify algorithm. So toJSON
 * methods are called with the property key, boxed primitives are unwrapped and
 * non-finite numbers become null. Undefined, functions and symbols are left out
 * of objects and written as null in arrays. Returns undefined where
 * JSON.stringify would, and throws a TypeError for a circular structure.
 * A toJSON method on BigInt.prototype is not called, because its output would
 * not be exact.
 */
export function writeJsonWithBigints(value: unknown): string | undefined {
  return writeValue('', value, []);
}

function writeValue(key: string, input: unknown, ancestors: object[]): string | undefined {
  switch (typeof input) {
    case 'string':
      return quote(input);
    case 'number':
      return Number.isFinite(input) ? String(input) : 'null';
    case 'bigint':
      return input.toString();
    case 'boolean':
      return input ? 'true' : 'false';
    case 'object':
      return input === null ? 'null' : writeObjectValue(key, input, ancestors);
    default:
      return undefined;
  }
}

function writeObjectValue(key: string, input: object, ancestors: object[]): string | undefined {
  const toJson = (input as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') {
    const replacement: unknown = toJson.call(input, key);
    if (replacement === null || typeof replacement !== 'object') {
      return writeValue(key, replacement, ancestors);
    }
    input = replacement;
  }

  if (input instanceof Number) return writeValue(key, Number(input), ancestors);
  if (input instanceof String) return quote(String(input));
  if (input instanceof Boolean) return input.valueOf() ? 'true' : 'false';
  if (input instanceof BigInt) return input.valueOf().toString();

  if (ancestors.includes(input)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(input);
  const text = Array.isArray(input)
    ? writeArray(input, ancestors)
    : writeRecord(input as Record<string, unknown>, ancestors);
  ancestors.pop();
  return text;
}

function writeArray(array: unknown[], ancestors: object[]): string {
  let text = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) text += ',';
    text += writeValue(String(i), array[i], ancestors) ?? 'null';
  }
  return text + ']';
}

function writeRecord(record: Record<string, unknown>, ancestors: object[]): string {
  let text = '{';
  let first = true;
  for (const key of Object.keys(record)) {
    const member = writeValue(key, record[key], ancestors);
    if (member === undefined) continue;

    text += (first ? '' : ',') + quote(key) + ':' + member;
    first = false;
  }
  return text + '}';
}

// Most strings need no escaping, and a regular expression test is cheaper than
// a call into JSON.stringify for each of them.
// eslint-disable-next-line no-control-regex -- control characters are what JSON must escape
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}
