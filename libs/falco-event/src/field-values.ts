import { describeValue } from './describe-value';
import { keySuffix } from './paths';

// Falco writes flat arrays for list fields, so arrays in arrays are already
// unusual. This bound only keeps hostile nesting from exhausting the stack;
// parseAlert applies a much lower, configurable limit first.
const MAX_STRUCTURAL_DEPTH = 32;

/**
 * Returns whether `value` is an `output_fields` value: a string, finite number,
 * bigint, boolean, null or an array of those, nested at most 32 levels.
 */
export function isFieldValue(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (!Array.isArray(value) || depth >= MAX_STRUCTURAL_DEPTH) return false;
      for (let i = 0; i < value.length; i++) {
        if (!isFieldValue(value[i], depth + 1)) return false;
      }
      return true;
    default:
      return false;
  }
}

/** Returns whether `value` is an object (not an array) whose own values are all field values. */
export function isFieldValueMap(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;

  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!isFieldValue(record[key])) return false;
  }
  return true;
}

/** A field value that failed, relative to the map: the path suffix and what is wrong. */
export interface FieldValueProblem {
  /** Path below the map, such as `["proc.name"]`, `.custom` or `["fd.names"][2]`. */
  path: string;
  message: string;
}

/**
 * Returns the first reason why `value` is not a field value map, or undefined.
 * Slower than isFieldValueMap because it builds paths, so call it after that failed.
 */
export function findFieldValueMapProblem(value: unknown): FieldValueProblem | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      path: '',
      message: `must be an object of field names to values; got ${describeValue(value)}`,
    };
  }

  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const problem = findFieldValueProblem(record[key], keySuffix(key), 0);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function findFieldValueProblem(
  value: unknown,
  path: string,
  depth: number,
): FieldValueProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return undefined;
    case 'number':
      return Number.isFinite(value)
        ? undefined
        : { path, message: `must be a finite number; got ${describeValue(value)}` };
    case 'object':
      if (value === null) return undefined;
      if (Array.isArray(value)) return findArrayProblem(value, path, depth);
      break;
  }
  return {
    path,
    message: `must be a string, number, boolean, null or an array of those; got ${describeValue(value)}`,
  };
}

function findArrayProblem(
  array: unknown[],
  path: string,
  depth: number,
): FieldValueProblem | undefined {
  if (depth >= MAX_STRUCTURAL_DEPTH) {
    return { path, message: `must not nest arrays deeper than ${MAX_STRUCTURAL_DEPTH} levels` };
  }

  for (let i = 0; i < array.length; i++) {
    const problem = findFieldValueProblem(array[i], `${path}[${i}]`, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
