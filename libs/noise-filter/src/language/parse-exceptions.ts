import {
  OPERATORS,
  SET_OPERATORS,
  type ConditionNode,
  type ExceptionDefinition,
  type Operator,
} from './definitions';
import type { ProblemList } from './filter-problems';
import { parseOperand, scalarText } from './parse-condition';
import type { SourceNode } from './yaml-source';

const EXCEPTION_KEYS = new Set(['name', 'fields', 'comps', 'values']);
// Falco's exception comparisons; `exists` tests no value, so it has no place in a tuple.
const EXCEPTION_OPERATORS: ReadonlySet<string> = new Set(
  OPERATORS.filter((operator) => operator !== 'exists'),
);

/**
 * Reads exceptions written as Falco rule exceptions:
 *
 * - `fields` is a list of field names, `comps` an optional list of as many
 *   operators (default `=`), and each item of `values` a tuple with one value
 *   per field. A tuple holds when every field compares true.
 * - `fields` is one field name, `comps` one operator (default `in`), and
 *   `values` the values it is compared with.
 *
 * The exception holds when any of its tuples holds.
 */
export function parseExceptions(
  source: SourceNode,
  problems: ProblemList,
): ExceptionDefinition[] | undefined {
  if (!source.isSequence) {
    problems.add(
      source.at,
      `exceptions must be a list of exceptions with name, fields, comps and values; got ${source.describe()}`,
    );
    return undefined;
  }

  const exceptions: ExceptionDefinition[] = [];
  const names = new Set<string>();
  let valid = true;
  for (const item of source.items()) {
    const exception = parseException(item, problems);
    if (exception === undefined) {
      valid = false;
    } else if (names.has(exception.name)) {
      problems.add(
        item.at,
        `exception name "${exception.name}" is used twice in this filter; give each a unique name`,
      );
      valid = false;
    } else {
      names.add(exception.name);
      exceptions.push(exception);
    }
  }
  return valid ? exceptions : undefined;
}

function parseException(
  source: SourceNode,
  problems: ProblemList,
): ExceptionDefinition | undefined {
  if (!source.isMapping) {
    problems.add(
      source.at,
      `an exception must be a mapping with name, fields, comps and values; got ${source.describe()}`,
    );
    return undefined;
  }

  let valid = true;
  for (const { key, value } of source.entries()) {
    if (!EXCEPTION_KEYS.has(key)) {
      problems.add(
        value.at,
        `unknown key "${key}" in an exception; use name, fields, comps and values`,
      );
      valid = false;
    }
  }

  const nameNode = source.get('name');
  const name = nameNode?.scalar;
  if (typeof name !== 'string' || name === '') {
    problems.add(
      nameNode?.at ?? source.at,
      'an exception needs a name, as in Falco rule exceptions',
    );
    valid = false;
  }

  const fieldsNode = source.get('fields');
  const valuesNode = source.get('values');
  if (fieldsNode === undefined)
    problems.add(source.at, 'an exception needs fields: a field name or a list of them');
  if (valuesNode === undefined)
    problems.add(source.at, 'an exception needs values to compare the fields with');
  if (!valid || fieldsNode === undefined || valuesNode === undefined) return undefined;

  const tuples = fieldsNode.isSequence
    ? parseTupleForm(fieldsNode, source.get('comps'), valuesNode, problems)
    : parseSingleFieldForm(fieldsNode, source.get('comps'), valuesNode, problems);
  return tuples === undefined ? undefined : { name: name as string, tuples, at: source.at };
}

function parseTupleForm(
  fieldsNode: SourceNode,
  compsNode: SourceNode | undefined,
  valuesNode: SourceNode,
  problems: ProblemList,
): ConditionNode[] | undefined {
  const fields = readFieldNames(fieldsNode, problems);
  if (fields === undefined) return undefined;

  let operators: Operator[] = fields.map(() => '=');
  if (compsNode !== undefined) {
    const comps = compsNode.isSequence ? compsNode.items() : [];
    if (!compsNode.isSequence || comps.length !== fields.length) {
      problems.add(
        compsNode.at,
        `comps must be a list of ${fields.length} operators, one per field; got ${compsNode.describe()}`,
      );
      return undefined;
    }
    const read = comps.map((comp) => readOperator(comp, problems));
    if (read.some((operator) => operator === undefined)) return undefined;
    operators = read as Operator[];
  }

  if (!valuesNode.isSequence) {
    problems.add(
      valuesNode.at,
      `values must be a list of tuples, each a list of ${fields.length} values; got ${valuesNode.describe()}`,
    );
    return undefined;
  }

  const tuples: ConditionNode[] = [];
  let valid = true;
  for (const tuple of valuesNode.items()) {
    const items = tuple.items();
    if (!tuple.isSequence || items.length !== fields.length) {
      problems.add(
        tuple.at,
        `each tuple must be a list of ${fields.length} values, one per field (${fields.join(', ')}); got ${tuple.describe()}`,
      );
      valid = false;
      continue;
    }

    const comparisons: ConditionNode[] = [];
    items.forEach((item, index) => {
      const operand = parseOperand(operators[index], item, problems);
      if (operand === undefined) valid = false;
      else
        comparisons.push({
          kind: 'compare',
          field: fields[index],
          operator: operators[index],
          operand,
          at: item.at,
        });
    });
    tuples.push({ kind: 'all', children: comparisons, at: tuple.at });
  }

  if (valid && tuples.length === 0) {
    problems.add(
      valuesNode.at,
      'values must list at least one tuple; an exception without values would match nothing',
    );
    return undefined;
  }
  return valid ? tuples : undefined;
}

function parseSingleFieldForm(
  fieldNode: SourceNode,
  compsNode: SourceNode | undefined,
  valuesNode: SourceNode,
  problems: ProblemList,
): ConditionNode[] | undefined {
  const field = fieldNode.scalar;
  if (typeof field !== 'string' || field === '') {
    problems.add(
      fieldNode.at,
      `fields must be a field name or a list of field names; got ${fieldNode.describe()}`,
    );
    return undefined;
  }

  const operator = compsNode === undefined ? 'in' : readOperator(compsNode, problems);
  if (operator === undefined) return undefined;

  if (SET_OPERATORS.has(operator)) {
    const operand = parseOperand(operator, valuesNode, problems);
    return operand === undefined
      ? undefined
      : [{ kind: 'compare', field, operator, operand, at: valuesNode.at }];
  }

  if (!valuesNode.isSequence || valuesNode.items().length === 0) {
    problems.add(
      valuesNode.at,
      `values must be a non-empty list of values for ${operator}; got ${valuesNode.describe()}`,
    );
    return undefined;
  }

  const tuples: ConditionNode[] = [];
  for (const item of valuesNode.items()) {
    if (scalarText(item) === undefined) {
      problems.add(
        item.at,
        `values of ${operator} must be texts, numbers or booleans; got ${item.describe()}`,
      );
      return undefined;
    }
    const operand = parseOperand(operator, item, problems);
    if (operand === undefined) return undefined;
    tuples.push({ kind: 'compare', field, operator, operand, at: item.at });
  }
  return tuples;
}

function readFieldNames(source: SourceNode, problems: ProblemList): string[] | undefined {
  const items = source.items();
  if (items.length === 0) {
    problems.add(source.at, 'fields must name at least one field');
    return undefined;
  }

  const names: string[] = [];
  for (const item of items) {
    if (typeof item.scalar !== 'string' || item.scalar === '') {
      problems.add(item.at, `field names must be non-empty texts; got ${item.describe()}`);
      return undefined;
    }
    names.push(item.scalar);
  }
  return names;
}

function readOperator(source: SourceNode, problems: ProblemList): Operator | undefined {
  const text = source.scalar;
  if (typeof text === 'string' && EXCEPTION_OPERATORS.has(text)) return text as Operator;
  problems.add(
    source.at,
    `unknown comparison ${source.describe()}; use one of ${[...EXCEPTION_OPERATORS].join(', ')}`,
  );
  return undefined;
}
