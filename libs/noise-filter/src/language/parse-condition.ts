import {
  OPERATORS,
  ORDER_OPERATORS,
  SET_OPERATORS,
  type ConditionNode,
  type Operand,
  type Operator,
} from './definitions';
import type { ProblemList } from './filter-problems';
import type { SourceNode } from './yaml-source';

const GROUP_KEYS = new Set(['and', 'or', 'not', 'macro']);
const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);
const OPERATOR_LIST = OPERATORS.join(', ');

/**
 * Reads a condition mapping. Every entry must hold: `and` (a list of
 * conditions that must all hold), `or` (a list of which one must hold), `not`
 * (a condition that must not hold), `macro` (the name of a macro), or a field
 * name compared to a value. Returns undefined after adding problems.
 */
export function parseCondition(
  source: SourceNode,
  problems: ProblemList,
): ConditionNode | undefined {
  if (!source.isMapping) {
    problems.add(
      source.at,
      `a condition must be a mapping of field names or and/or/not/macro to values; got ${source.describe()}`,
    );
    return undefined;
  }

  const entries = source.entries();
  if (entries.length === 0) {
    problems.add(
      source.at,
      'a condition must not be empty; name at least one field, macro or group',
    );
    return undefined;
  }

  const children: ConditionNode[] = [];
  let valid = true;
  for (const { key, value } of entries) {
    const child = GROUP_KEYS.has(key)
      ? parseGroup(key, value, problems)
      : parseField(key, value, problems);
    if (child === undefined) valid = false;
    else children.push(child);
  }

  if (!valid) return undefined;
  return children.length === 1 ? children[0] : { kind: 'all', children, at: source.at };
}

function parseGroup(
  key: string,
  value: SourceNode,
  problems: ProblemList,
): ConditionNode | undefined {
  if (key === 'macro') {
    const name = value.scalar;
    if (typeof name !== 'string' || name === '') {
      problems.add(value.at, `macro must be the name of a macro; got ${value.describe()}`);
      return undefined;
    }
    return { kind: 'macro', name, at: value.at };
  }

  if (key === 'not') {
    const child = parseCondition(value, problems);
    return child === undefined ? undefined : { kind: 'not', child, at: value.at };
  }

  if (!value.isSequence || value.items().length === 0) {
    problems.add(
      value.at,
      `${key} must be a non-empty list of conditions; got ${value.describe()}`,
    );
    return undefined;
  }
  const children = value.items().map((item) => parseCondition(item, problems));
  if (children.some((child) => child === undefined)) return undefined;
  return {
    kind: key === 'and' ? 'all' : 'any',
    children: children as ConditionNode[],
    at: value.at,
  };
}

function parseField(
  field: string,
  value: SourceNode,
  problems: ProblemList,
): ConditionNode | undefined {
  if (field.trim() === '') {
    problems.add(value.at, 'field name must not be empty');
    return undefined;
  }

  if (value.isNull) {
    problems.add(
      value.at,
      'has no value; give a value to compare, or write "exists: true" to test presence',
    );
    return undefined;
  }

  // A plain value tests equality, and a list tests membership, as `=` and `in` do in Falco.
  if (value.isScalar) return compare(field, '=', value, problems);
  if (value.isSequence) return compare(field, 'in', value, problems);

  const comparisons: ConditionNode[] = [];
  let valid = true;
  for (const { key, value: operand } of value.entries()) {
    if (!OPERATOR_SET.has(key)) {
      problems.add(operand.at, `unknown operator "${key}"; use one of ${OPERATOR_LIST}`);
      valid = false;
      continue;
    }
    const comparison = compare(field, key as Operator, operand, problems);
    if (comparison === undefined) valid = false;
    else comparisons.push(comparison);
  }

  if (!valid) return undefined;
  if (comparisons.length === 0) {
    problems.add(
      value.at,
      `give at least one operator, such as "startswith: /etc/", for field ${field}`,
    );
    return undefined;
  }
  return comparisons.length === 1
    ? comparisons[0]
    : { kind: 'all', children: comparisons, at: value.at };
}

/** Builds one comparison, checking that the operand has the shape the operator takes. */
export function compare(
  field: string,
  operator: Operator,
  source: SourceNode,
  problems: ProblemList,
): ConditionNode | undefined {
  const operand = parseOperand(operator, source, problems);
  return operand === undefined
    ? undefined
    : { kind: 'compare', field, operator, operand, at: source.at };
}

/** Reads the operand of `operator`; see the README for the shape each operator takes. */
export function parseOperand(
  operator: Operator,
  source: SourceNode,
  problems: ProblemList,
): Operand | undefined {
  if (operator === 'exists') {
    if (typeof source.scalar !== 'boolean') {
      problems.add(source.at, `exists takes true or false; got ${source.describe()}`);
      return undefined;
    }
    return { values: [String(source.scalar)], lists: [], written: 'value' };
  }

  if (SET_OPERATORS.has(operator)) {
    // A bare name refers to a list, as a list name inside parentheses does in Falco.
    if (typeof source.scalar === 'string' && source.scalar !== '') {
      return { values: [], lists: [{ name: source.scalar, at: source.at }], written: 'value' };
    }
    if (!source.isSequence) {
      problems.add(
        source.at,
        `${operator} takes a list of values or the name of a list; got ${source.describe()}`,
      );
      return undefined;
    }
    return readValueList(operator, source, problems);
  }

  if (source.isSequence) {
    if (operator === '=' || operator === '!=' || ORDER_OPERATORS.has(operator)) {
      const hint = operator === '=' ? '; use "in" to match any of several values' : '';
      problems.add(source.at, `${operator} takes a single value; got a list${hint}`);
      return undefined;
    }
    // String operators take several patterns and hold when any of them matches.
    return readValueList(operator, source, problems);
  }

  const text = scalarText(source);
  if (text === undefined) {
    problems.add(
      source.at,
      `${operator} takes a text, number or boolean; got ${source.describe()}`,
    );
    return undefined;
  }
  return { values: [text], lists: [], written: 'value' };
}

function readValueList(
  operator: Operator,
  source: SourceNode,
  problems: ProblemList,
): Operand | undefined {
  const items = source.items();
  if (items.length === 0) {
    problems.add(
      source.at,
      `${operator} needs at least one value; an empty list would match nothing`,
    );
    return undefined;
  }

  const values: string[] = [];
  let valid = true;
  for (const item of items) {
    const text = scalarText(item);
    if (text === undefined) {
      problems.add(
        item.at,
        `values of ${operator} must be texts, numbers or booleans; got ${item.describe()}`,
      );
      valid = false;
    } else {
      values.push(text);
    }
  }
  return valid ? { values, lists: [], written: 'list' } : undefined;
}

/** Converts a scalar to the text that field values are compared with; undefined for other nodes. */
export function scalarText(source: SourceNode): string | undefined {
  const value = source.scalar;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return undefined;
}
