/** Collects problems of one configuration section, each as `path: problem`. */
export class ConfigProblems {
  readonly issues: string[] = [];

  add(path: string, problem: string): void {
    this.issues.push(`${path}: ${problem}`);
  }
}

/** Returns a short rendering of a configuration value for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reports keys of `value` outside `allowed`; returns whether there were none. */
export function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  problems: ConfigProblems,
): boolean {
  let valid = true;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.add(`${path}.${key}`, `unknown key; use ${allowed.join(', ')}`);
      valid = false;
    }
  }
  return valid;
}

export function readBoolean(
  value: unknown,
  path: string,
  problems: ConfigProblems,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.add(path, `${show(value)} is not true or false`);
  return fallback;
}

export function readNumber(
  value: unknown,
  path: string,
  problems: ConfigProblems,
  range: { min: number; max: number; unit: string },
): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (
    typeof number !== 'number' ||
    !Number.isFinite(number) ||
    number < range.min ||
    number > range.max
  ) {
    problems.add(
      path,
      `${show(value)} is not a number from ${range.min} to ${range.max} ${range.unit}`,
    );
    return undefined;
  }
  return number;
}

export function readText(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.add(path, `${show(value)} is not a non-empty text`);
  return undefined;
}

export function readTextList(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && item !== '')
  ) {
    return value as string[];
  }
  problems.add(path, `${show(value)} is not a non-empty list of field names`);
  return undefined;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Reads a size in bytes, as a number or with a unit such as `64MiB`. */
export function readBytes(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;

  const match = typeof value === 'string' ? /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(value) : null;
  const unit = match === null ? undefined : SIZE_UNITS[match[2].toLowerCase()];
  if (match === null || unit === undefined || Number(match[1]) === 0) {
    problems.add(
      path,
      `${show(value)} is not a size; write bytes as a number or with a unit such as 64MiB`,
    );
    return undefined;
  }
  return Number(match[1]) * unit;
}
