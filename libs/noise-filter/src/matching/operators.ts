import {
  PRIORITIES,
  PRIORITY_EXPECTATION,
  parsePriority,
  priorityRank,
  type FieldValue,
  type Finding,
  type Priority,
} from '@talaria/falco-event';

import type { Operator } from '../language/definitions';
import type { FieldAccess } from './field-access';
import { compileGlob, GlobSyntaxError } from './glob';

/** A field value other than null or a list. */
type ScalarValue = string | number | bigint | boolean;
type ScalarTest = (value: ScalarValue) => boolean;

/** Falco writes this text for a field it could not resolve. */
const NOT_AVAILABLE = '<NA>';

/**
 * Compiles one comparison into a predicate over findings. `values` are the
 * operand's texts after list expansion. Returns a message when the operand
 * does not fit the operator or the field.
 *
 * A finding without a value for the field fails every comparison, `!=`
 * included, so a filter never suppresses on a field it cannot see; use
 * `exists: false` to match absence. For list fields such as `tags`, a
 * comparison holds when it holds for any element, and `!=` holds when no
 * element is equal.
 */
export function compileComparison(
  field: FieldAccess,
  operator: Operator,
  values: string[],
): ((finding: Finding) => boolean) | string {
  const read = field.read;

  if (operator === 'exists') {
    const wanted = values[0] === 'true';
    return (finding) => isPresent(read(finding)) === wanted;
  }

  const negated = operator === '!=';
  const test = compileScalarTest(field, negated ? '=' : operator, values);
  if (typeof test === 'string') return test;

  return (finding) => {
    const value = read(finding);
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) {
      const anyMatch = value.some(
        (element) => element !== null && !Array.isArray(element) && test(element),
      );
      return negated ? !anyMatch : anyMatch;
    }
    return negated ? !test(value) : test(value);
  };
}

function isPresent(value: FieldValue | undefined): boolean {
  if (value === undefined || value === null || value === NOT_AVAILABLE) return false;
  return !Array.isArray(value) || value.length > 0;
}

function compileScalarTest(
  field: FieldAccess,
  operator: Operator,
  values: string[],
): ScalarTest | string {
  if (field.kind === 'priority') return compilePriorityTest(operator, values);

  switch (operator) {
    case '=':
    case 'in':
    case 'intersects': {
      if (values.length === 1) {
        const expected = values[0];
        return (value) => asText(value) === expected;
      }
      const set = new Set(values);
      return (value) => set.has(asText(value));
    }
    case 'pmatch': {
      const paths = values.map((path) => ({
        exact: path,
        prefix: path.endsWith('/') ? path : `${path}/`,
      }));
      return (value) => {
        const text = asText(value);
        return paths.some((path) => text === path.exact || text.startsWith(path.prefix));
      };
    }
    case 'startswith':
      return anyOf(values, (text, prefix) => text.startsWith(prefix));
    case 'endswith':
      return anyOf(values, (text, suffix) => text.endsWith(suffix));
    case 'contains':
      return anyOf(values, (text, part) => text.includes(part));
    case 'icontains': {
      const lowered = values.map((part) => part.toLowerCase());
      return anyOf(lowered, (text, part) => text.toLowerCase().includes(part));
    }
    case 'glob':
      return compileGlobTest(values);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compileNumberTest(operator, values[0]);
    default:
      return `operator ${operator} cannot be used here`;
  }
}

function anyOf(operands: string[], test: (text: string, operand: string) => boolean): ScalarTest {
  if (operands.length === 1) {
    const operand = operands[0];
    return (value) => test(asText(value), operand);
  }
  return (value) => {
    const text = asText(value);
    return operands.some((operand) => test(text, operand));
  };
}

function compileGlobTest(patterns: string[]): ScalarTest | string {
  try {
    const matchers = patterns.map(compileGlob);
    return (value) => {
      const text = asText(value);
      return matchers.some((matches) => matches(text));
    };
  } catch (error) {
    if (error instanceof GlobSyntaxError) return error.message;
    throw error;
  }
}

function compileNumberTest(
  operator: '<' | '<=' | '>' | '>=',
  operandText: string,
): ScalarTest | string {
  const operand = Number(operandText);
  if (operandText.trim() === '' || !Number.isFinite(operand)) {
    return `${operator} compares numbers; "${operandText}" is not a number`;
  }
  const compare = ORDER[operator];
  return (value) => {
    const number = asNumber(value);
    return number !== undefined && compare(number, operand);
  };
}

function compilePriorityTest(operator: Operator, values: string[]): ScalarTest | string {
  const priorities: Priority[] = [];
  for (const text of values) {
    const priority = parsePriority(text);
    if (priority === undefined)
      return `"${text}" is not a priority; use one of ${PRIORITY_EXPECTATION}`;
    priorities.push(priority);
  }

  if (operator === '=' || operator === 'in') {
    const set = new Set<string>(priorities);
    return (value) => set.has(String(value));
  }
  if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=') {
    // Ordered by severity: "priority >= Warning" holds for Warning and everything more severe.
    // Findings carry canonical names, so the matching names are listed once here.
    const compare = ORDER[operator];
    const operand = priorityRank(priorities[0]);
    const matching = new Set<string>(
      PRIORITIES.filter((priority) => compare(priorityRank(priority), operand)),
    );
    return (value) => matching.has(String(value));
  }
  return `priority takes =, !=, in, <, <=, > or >= with priority names; ${operator} does not apply`;
}

const ORDER: Readonly<Record<'<' | '<=' | '>' | '>=', (left: number, right: number) => boolean>> = {
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '>': (left, right) => left > right,
  '>=': (left, right) => left >= right,
};

function asText(value: ScalarValue): string {
  return typeof value === 'string' ? value : String(value);
}

// NOTE: integers beyond 2^53, such as evt.time, lose precision in order comparisons.
function asNumber(value: ScalarValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
