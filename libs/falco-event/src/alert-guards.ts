import type { AlertLimits } from './alert-limits';
import type { AlertProblem } from './errors';
import { fieldPath } from './paths';

// Keys that change prototypes or constructors when a consumer copies the alert
// with Object.assign, spread into a class instance or a recursive merge.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks the limits of an alert object and rejects forbidden keys anywhere in
 * it. Returns the problems found, or undefined. Stops walking after
 * `maxProblems` problems and never descends deeper than the depth limits, so
 * its cost is bounded by the size of the alert.
 */
export function findLimitProblems(
  alert: Record<string, unknown>,
  limits: Readonly<AlertLimits>,
): AlertProblem[] | undefined {
  const guard = new LimitGuard(limits);

  for (const key of Object.keys(alert)) {
    if (guard.full()) break;
    guard.checkKey(key, '');

    const value = alert[key];
    if (key === 'output_fields' && isRecord(value)) {
      guard.checkOutputFields(value);
    } else {
      guard.checkValue(value, '', key, 0, limits.maxExtraFieldDepth);
    }
  }
  return guard.problems;
}

class LimitGuard {
  problems: AlertProblem[] | undefined;

  constructor(private readonly limits: Readonly<AlertLimits>) {}

  full(): boolean {
    return this.problems !== undefined && this.problems.length >= this.limits.maxProblems;
  }

  checkOutputFields(fields: Record<string, unknown>): void {
    const keys = Object.keys(fields);
    if (keys.length > this.limits.maxOutputFields) {
      this.add(
        'output_fields',
        `output_fields has ${keys.length} keys; the limit is ${this.limits.maxOutputFields} (limits.maxOutputFields)`,
      );
      return;
    }

    for (const key of keys) {
      if (this.full()) return;
      this.checkKey(key, 'output_fields');
      this.checkValue(fields[key], 'output_fields', key, 0, this.limits.maxFieldValueDepth);
    }
  }

  checkKey(key: string, parentPath: string): void {
    if (FORBIDDEN_KEYS.has(key)) {
      this.add(
        fieldPath(parentPath, key),
        `key "${key}" is not allowed because copying it with Object.assign or a merge can alter object prototypes; remove or rename it`,
      );
    } else if (key.length > this.limits.maxStringLength) {
      this.add(
        parentPath,
        `${parentPath || 'alert'} has a key of ${key.length} characters; the limit is ${this.limits.maxStringLength} (limits.maxStringLength)`,
      );
    }
  }

  /**
   * Checks the value at `parentPath` + `key`; an array item passes its index as
   * the key. `depth` counts the arrays and objects around the value. The path
   * string is built only when needed, because most values are short scalars.
   */
  checkValue(
    value: unknown,
    parentPath: string,
    key: string | number,
    depth: number,
    maxDepth: number,
  ): void {
    if (typeof value === 'string') {
      if (value.length > this.limits.maxStringLength) {
        const path = childPath(parentPath, key);
        this.add(
          path,
          `${path} is ${value.length} characters long; the limit is ${this.limits.maxStringLength} (limits.maxStringLength)`,
        );
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;

    const path = childPath(parentPath, key);
    if (depth >= maxDepth) {
      this.add(
        path,
        `${path} nests arrays or objects deeper than ${maxDepth} levels (${depthLimitName(path)})`,
      );
      return;
    }

    if (Array.isArray(value)) {
      for (let i = 0; i < value.length && !this.full(); i++) {
        this.checkValue(value[i], path, i, depth + 1, maxDepth);
      }
      return;
    }

    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (this.full()) return;
      this.checkKey(key, path);
      this.checkValue(record[key], path, key, depth + 1, maxDepth);
    }
  }

  private add(path: string, message: string): void {
    if (this.full()) return;
    (this.problems ??= []).push({ path, message });
  }
}

function childPath(parentPath: string, key: string | number): string {
  return typeof key === 'number' ? `${parentPath}[${key}]` : fieldPath(parentPath, key);
}

function depthLimitName(path: string): string {
  return path.startsWith('output_fields')
    ? 'limits.maxFieldValueDepth'
    : 'limits.maxExtraFieldDepth';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
