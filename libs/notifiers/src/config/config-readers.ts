import { escapeAndTruncate } from '../text/escape-control-characters';

/** Collects validation problems so that one run reports all of them. */
export type Issues = string[];

export type PlainObject = Record<string, unknown>;

/** Formats a value for an error message: quoted text or JSON, with control characters escaped, kept short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `"${escapeAndTruncate(value, 80)}"`;
  if (typeof value === 'bigint') return value.toString();
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return escapeAndTruncate(text, 80);
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `raw` as an object, or records an issue and returns undefined. */
export function readObject(raw: unknown, path: string, issues: Issues): PlainObject | undefined {
  if (isPlainObject(raw)) return raw;
  issues.push(`${path}: ${describeValue(raw)} is not a mapping; write it as key: value pairs`);
  return undefined;
}

/** Records an issue for every key of `object` not in `known`, which usually is a typo. */
export function rejectUnknownKeys(
  object: PlainObject,
  known: readonly string[],
  path: string,
  issues: Issues,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      issues.push(`${path}.${key}: unknown key; remove it or use one of ${known.join(', ')}`);
    }
  }
}

export function readString(
  object: PlainObject,
  key: string,
  path: string,
  issues: Issues,
  required: boolean,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    if (required) issues.push(`${path}.${key}: missing; set it to a non-empty string`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push(
      `${path}.${key}: ${describeValue(value)} is not a non-empty string; set it to text`,
    );
    return undefined;
  }
  return value;
}

/** Reads an optional string that must be one of `choices`. */
export function readChoice<T extends string>(
  object: PlainObject,
  key: string,
  choices: readonly T[],
  path: string,
  issues: Issues,
): T | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    issues.push(
      `${path}.${key}: ${describeValue(value)} is not valid; use one of ${choices.join(', ')}`,
    );
    return undefined;
  }
  return value as T;
}

/** Reads an optional integer within [min, max]; `unit` names what it counts for the message. */
export function readInteger(
  object: PlainObject,
  key: string,
  path: string,
  issues: Issues,
  range: { min: number; max?: number; unit: string },
): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;

  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > max) {
    const bounds =
      range.max === undefined ? `of at least ${range.min}` : `from ${range.min} to ${range.max}`;
    issues.push(
      `${path}.${key}: ${describeValue(value)} is not valid; set a whole number ${bounds} (${range.unit})`,
    );
    return undefined;
  }
  return value;
}

/** Reads an optional list of non-empty strings. */
export function readStringList(
  object: PlainObject,
  key: string,
  path: string,
  issues: Issues,
): string[] | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    issues.push(
      `${path}.${key}: ${describeValue(value)} is not a list; write a list of strings such as [a, b]`,
    );
    return undefined;
  }

  const items: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string' && item !== '') items.push(item);
    else issues.push(`${path}.${key}[${index}]: ${describeValue(item)} is not a non-empty string`);
  });
  return items;
}

/** Reads an optional YAML boolean; text such as "yes" is rejected so a typo never flips a setting. */
export function readBoolean(
  object: PlainObject,
  key: string,
  path: string,
  issues: Issues,
): boolean | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    issues.push(`${path}.${key}: ${describeValue(value)} is not valid; write true or false`);
    return undefined;
  }
  return value;
}
