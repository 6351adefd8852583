import type { UnsafeIntegerLiteral } from './big-integer-scan';

// Falco alerts carry their big integers, such as evt.time, in this object.
const USUAL_CONTAINER = 'output_fields';

/**
 * Replaces the stand-in strings `marker + index` in a parsed value with
 * `literals[index].value` and returns the value, which is changed in place.
 *
 * Each literal that sits after a `"key":` is first looked up under that key in
 * `output_fields` and in the root object, which finds `evt.time` without a
 * walk. Stand-ins left over are found by a walk with an explicit stack, because
 * hostile input may nest deeper than the call stack allows. With duplicate keys
 * JSON.parse keeps only the last value, so some stand-ins may be gone, and the
 * walk then covers the whole value.
 */
export function restoreBigints(
  root: unknown,
  marker: string,
  literals: readonly UnsafeIntegerLiteral[],
): unknown {
  const rootIndex = standInIndex(root, marker, literals.length);
  if (rootIndex !== -1) return literals[rootIndex].value;

  let replaced = 0;
  if (isRecord(root)) replaced = restoreByKey(root, marker, literals);
  if (replaced < literals.length) restoreByWalk(root, marker, literals, replaced);
  return root;
}

// Two lookups per literal at most, so the cost stays linear however many
// literals and keys hostile input has; everything else is left to the walk.
function restoreByKey(
  root: Record<string, unknown>,
  marker: string,
  literals: readonly UnsafeIntegerLiteral[],
): number {
  const usual = root[USUAL_CONTAINER];
  let replaced = 0;

  for (let index = 0; index < literals.length; index++) {
    const key = literals[index].key;
    if (key === undefined) continue;

    if (isRecord(usual) && replaceIfStandIn(usual, key, marker, index, literals)) {
      replaced++;
    } else if (replaceIfStandIn(root, key, marker, index, literals)) {
      replaced++;
    }
  }
  return replaced;
}

function replaceIfStandIn(
  record: Record<string, unknown>,
  key: string,
  marker: string,
  index: number,
  literals: readonly UnsafeIntegerLiteral[],
): boolean {
  // An inherited value is never a stand-in string, so no hasOwn check is needed.
  if (standInIndex(record[key], marker, literals.length) !== index) return false;

  setOwnProperty(record, key, literals[index].value);
  return true;
}

function restoreByWalk(
  root: unknown,
  marker: string,
  literals: readonly UnsafeIntegerLiteral[],
  alreadyReplaced: number,
): void {
  let replaced = alreadyReplaced;
  const stack: unknown[] = [root];

  while (stack.length > 0 && replaced < literals.length) {
    const container = stack.pop();

    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const item: unknown = container[i];
        const index = standInIndex(item, marker, literals.length);
        if (index !== -1) {
          container[i] = literals[index].value;
          replaced++;
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
        }
      }
    } else if (isRecord(container)) {
      // JSON.parse creates only own properties, so for-in needs no hasOwn check
      // and avoids the array that Object.keys would allocate.
      for (const key in container) {
        const item = container[key];
        const index = standInIndex(item, marker, literals.length);
        if (index !== -1) {
          setOwnProperty(container, key, literals[index].value);
          replaced++;
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
        }
      }
    }
  }
}

function standInIndex(value: unknown, marker: string, count: number): number {
  if (typeof value !== 'string' || value.length <= marker.length) return -1;
  if (!value.startsWith(marker)) return -1;

  const index = Number(value.slice(marker.length));
  return Number.isInteger(index) && index >= 0 && index < count ? index : -1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
