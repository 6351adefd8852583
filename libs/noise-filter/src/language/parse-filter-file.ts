import type {
  FilterDefinition,
  FilterFileDefinitions,
  ListDefinition,
  MacroDefinition,
} from './definitions';
import { ProblemList } from './filter-problems';
import { parseCondition, scalarText } from './parse-condition';
import { parseExceptions } from './parse-exceptions';
import { parseExpiry } from './parse-expiry';
import { parseYamlSource, type SourceNode } from './yaml-source';

const TOP_LEVEL_KEYS = new Set(['lists', 'macros', 'filters']);
const LIST_KEYS = new Set(['name', 'items', 'append']);
const MACRO_KEYS = new Set(['name', 'condition', 'append']);
const FILTER_KEYS = new Set([
  'name',
  'reason',
  'owner',
  'expires',
  'dryRun',
  'match',
  'exceptions',
]);

/** List and macro names: letters, digits, `_`, `.` and `-`, starting with a letter or `_`. */
const DEFINITION_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
/** Filter names become metric labels, so they are short and printable. */
const FILTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

/**
 * Parses one filter file. Every problem is added to `problems` with the file,
 * line and key path; definitions with problems are left out of the result.
 */
export function parseFilterFile(
  text: string,
  file: string,
  problems: ProblemList,
): FilterFileDefinitions {
  const result: FilterFileDefinitions = { file, lists: [], macros: [], filters: [] };
  const root = parseYamlSource(text, file, problems);
  if (root === undefined || root.isNull) return result;

  if (!root.isMapping) {
    problems.add(
      root.at,
      `a filter file must be a mapping with lists, macros and filters; got ${root.describe()}`,
    );
    return result;
  }

  for (const { key, value } of root.entries()) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      problems.add(value.at, `unknown key "${key}"; a filter file has lists, macros and filters`);
      continue;
    }
    if (value.isNull) continue;
    if (!value.isSequence) {
      problems.add(value.at, `${key} must be a list; got ${value.describe()}`);
      continue;
    }

    for (const item of value.items()) {
      if (key === 'lists') pushDefined(result.lists, parseList(item, problems));
      else if (key === 'macros') pushDefined(result.macros, parseMacro(item, problems));
      else pushDefined(result.filters, parseFilter(item, problems));
    }
  }
  return result;
}

function pushDefined<T>(target: T[], item: T | undefined): void {
  if (item !== undefined) target.push(item);
}

function parseList(source: SourceNode, problems: ProblemList): ListDefinition | undefined {
  if (!checkKeys(source, LIST_KEYS, 'a list', problems)) return undefined;

  const name = readName(source, DEFINITION_NAME, 'list', problems);
  const append = readBoolean(source, 'append', problems);
  const itemsNode = source.get('items');
  if (itemsNode === undefined || !itemsNode.isSequence) {
    problems.add(
      itemsNode?.at ?? source.at,
      `a list needs items: a list of values; got ${itemsNode?.describe() ?? 'nothing'}`,
    );
    return undefined;
  }

  const values: string[] = [];
  for (const item of itemsNode.items()) {
    const text = scalarText(item);
    if (text === undefined) {
      problems.add(
        item.at,
        `list items must be texts, numbers or booleans; got ${item.describe()}`,
      );
      return undefined;
    }
    values.push(text);
  }

  if (name === undefined || append === undefined) return undefined;
  return { name, items: { values, lists: [], written: 'list' }, append, at: source.at };
}

function parseMacro(source: SourceNode, problems: ProblemList): MacroDefinition | undefined {
  if (!checkKeys(source, MACRO_KEYS, 'a macro', problems)) return undefined;

  const name = readName(source, DEFINITION_NAME, 'macro', problems);
  const append = readBoolean(source, 'append', problems);
  const conditionNode = source.get('condition');
  if (conditionNode === undefined) {
    problems.add(source.at, 'a macro needs a condition');
    return undefined;
  }

  const condition = parseCondition(conditionNode, problems);
  if (name === undefined || append === undefined || condition === undefined) return undefined;
  return { name, condition, append, at: source.at };
}

function parseFilter(source: SourceNode, problems: ProblemList): FilterDefinition | undefined {
  if (!checkKeys(source, FILTER_KEYS, 'a filter', problems)) return undefined;
  let valid = true;

  const name = readName(source, FILTER_NAME, 'filter', problems);
  const reason = readText(
    source,
    'reason',
    'why the alerts it matches are not actionable',
    problems,
  );
  const owner = readText(source, 'owner', 'the team or person who answers for it', problems);
  const dryRun = readBoolean(source, 'dryRun', problems);
  if (name === undefined || reason === undefined || owner === undefined || dryRun === undefined)
    valid = false;

  let expiresAtMs: number | undefined;
  let expires: string | undefined;
  const expiresNode = source.get('expires');
  if (expiresNode !== undefined) {
    expires = typeof expiresNode.scalar === 'string' ? expiresNode.scalar : undefined;
    const parsed =
      expires === undefined ? 'expires must be a date such as 2026-06-30' : parseExpiry(expires);
    if (typeof parsed === 'string') {
      problems.add(expiresNode.at, parsed);
      valid = false;
    } else {
      expiresAtMs = parsed;
    }
  }

  const matchNode = source.get('match');
  const match = matchNode === undefined ? undefined : parseCondition(matchNode, problems);
  if (matchNode !== undefined && match === undefined) valid = false;

  const exceptionsNode = source.get('exceptions');
  const exceptions = exceptionsNode === undefined ? [] : parseExceptions(exceptionsNode, problems);
  if (exceptions === undefined) valid = false;

  if (matchNode === undefined && exceptionsNode === undefined) {
    problems.add(
      source.at,
      'a filter needs match, exceptions or both; without them it would suppress every alert',
    );
    valid = false;
  }

  if (!valid) return undefined;
  return {
    name: name as string,
    reason: reason as string,
    owner: owner as string,
    expiresAtMs,
    expires,
    dryRun: dryRun as boolean,
    match,
    exceptions: exceptions as FilterDefinition['exceptions'],
    at: source.at,
  };
}

function checkKeys(
  source: SourceNode,
  allowed: Set<string>,
  what: string,
  problems: ProblemList,
): boolean {
  if (!source.isMapping) {
    problems.add(
      source.at,
      `${what} must be a mapping with the keys ${[...allowed].join(', ')}; got ${source.describe()}`,
    );
    return false;
  }

  let valid = true;
  for (const { key, value } of source.entries()) {
    if (!allowed.has(key)) {
      problems.add(value.at, `unknown key "${key}" in ${what}; use ${[...allowed].join(', ')}`);
      valid = false;
    }
  }
  return valid;
}

function readName(
  source: SourceNode,
  pattern: RegExp,
  what: string,
  problems: ProblemList,
): string | undefined {
  const node = source.get('name');
  const name = node?.scalar;
  if (typeof name === 'string' && pattern.test(name)) return name;

  const rule =
    what === 'filter'
      ? 'up to 128 letters, digits and _ . : / -, starting with a letter or digit'
      : 'up to 128 letters, digits and _ . -, starting with a letter or _';
  problems.add(
    node?.at ?? source.at,
    `a ${what} needs a name of ${rule}; got ${node?.describe() ?? 'nothing'}`,
  );
  return undefined;
}

function readText(
  source: SourceNode,
  key: string,
  meaning: string,
  problems: ProblemList,
): string | undefined {
  const node = source.get(key);
  const text = node?.scalar;
  if (typeof text === 'string' && text.trim() !== '') return text;
  problems.add(
    node?.at ?? { ...source.at, path: `${source.at.path}.${key}` },
    `a filter needs ${key}: ${meaning}`,
  );
  return undefined;
}

function readBoolean(source: SourceNode, key: string, problems: ProblemList): boolean | undefined {
  const node = source.get(key);
  if (node === undefined) return false;
  if (typeof node.scalar === 'boolean') return node.scalar;
  problems.add(node.at, `${key} must be true or false; got ${node.describe()}`);
  return undefined;
}
