import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { canonicalPriority } from './falco-priority';
import type { FalcoRule } from './falco-rule';
import { RuleFileError } from './rule-file-error';

const OTHER_ITEM_KEYS = ['macro', 'list', 'required_engine_version', 'required_plugin_versions'];

type RuleItem = Record<string, unknown> & { rule: string };

/**
 * Reads Falco rule files in order and returns their rules. Later items that
 * repeat a rule name with `append`, `override` or only `enabled` change the
 * earlier rule, as Falco applies them. Macros and lists are skipped because
 * alerts never show them.
 */
export function loadRuleFiles(paths: readonly string[]): FalcoRule[] {
  if (paths.length === 0) {
    throw new RuleFileError(
      '(no files)',
      'no rule files given; pass the paths of Falco rule YAML files.',
    );
  }

  const rules = new Map<string, FalcoRule>();
  for (const path of paths) {
    for (const [index, item] of readRuleItems(path).entries()) {
      applyRuleItem(rules, item, path, index + 1);
    }
  }
  return [...rules.values()];
}

/** Parses one file and returns its rule items, checking the top-level shape. */
function readRuleItems(path: string): RuleItem[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new RuleFileError(path, `cannot read the file (${code}); check the path.`, {
      cause: error,
    });
  }

  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first.linePos?.[0].line;
    const where = line === undefined ? '' : ` at line ${line}`;
    throw new RuleFileError(path, `invalid YAML${where}: ${first.message}`);
  }

  const items: unknown = document.toJS();
  if (items === null || items === undefined) return [];
  if (!Array.isArray(items)) {
    throw new RuleFileError(path, 'the top level must be a list of rules, macros and lists.');
  }

  const ruleItems: RuleItem[] = [];
  for (const [index, item] of items.entries()) {
    if (!isRecord(item)) {
      throw new RuleFileError(
        path,
        `item ${index + 1} must be a mapping, found ${describe(item)}.`,
      );
    }
    if ('rule' in item) {
      if (typeof item.rule !== 'string' || item.rule.trim() === '') {
        throw new RuleFileError(path, `item ${index + 1}: "rule" must be a non-empty string.`);
      }
      ruleItems.push(item as RuleItem);
    } else if (!OTHER_ITEM_KEYS.some((key) => key in item)) {
      const keys = Object.keys(item).join(', ') || 'no keys';
      throw new RuleFileError(
        path,
        `item ${index + 1} has ${keys}; expected one of rule, ${OTHER_ITEM_KEYS.join(', ')}.`,
      );
    }
  }
  return ruleItems;
}

function applyRuleItem(
  rules: Map<string, FalcoRule>,
  item: RuleItem,
  file: string,
  position: number,
): void {
  const where = `rule "${item.rule}" (item ${position})`;
  const existing = rules.get(item.rule);
  const changesExisting =
    item.append === true ||
    'override' in item ||
    (existing !== undefined &&
      Object.keys(item).every((key) => key === 'rule' || key === 'enabled'));

  if (!changesExisting) {
    rules.set(item.rule, defineRule(item, file, where));
    return;
  }
  if (existing === undefined) {
    throw new RuleFileError(
      file,
      `${where} changes a rule that no earlier file defines; list the file that defines it first.`,
    );
  }
  rules.set(item.rule, changeRule(existing, item, file, where));
}

function defineRule(item: RuleItem, file: string, where: string): FalcoRule {
  const output = requireString(item, 'output', file, where);
  const priorityText = requireString(item, 'priority', file, where);
  return {
    name: item.rule,
    priority: parsePriority(priorityText, file, where),
    source: optionalString(item, 'source', file, where) ?? 'syscall',
    tags: optionalTags(item, file, where) ?? [],
    output: output.trim(),
    enabled: optionalBoolean(item, 'enabled', file, where) ?? true,
    file,
  };
}

/** Applies `append: true`, `override: {key: append|replace}` or a bare `enabled` change. */
function changeRule(existing: FalcoRule, item: RuleItem, file: string, where: string): FalcoRule {
  const modes = overrideModes(item, file, where);
  const changed: FalcoRule = { ...existing };

  const output = optionalString(item, 'output', file, where);
  if (output !== undefined) {
    changed.output =
      modes.output === 'append' ? `${existing.output} ${output.trim()}` : output.trim();
  }

  const tags = optionalTags(item, file, where);
  if (tags !== undefined) {
    changed.tags = modes.tags === 'append' ? [...existing.tags, ...tags] : tags;
  }

  const priority = optionalString(item, 'priority', file, where);
  if (priority !== undefined) changed.priority = parsePriority(priority, file, where);

  const enabled = optionalBoolean(item, 'enabled', file, where);
  if (enabled !== undefined) changed.enabled = enabled;

  return changed;
}

function overrideModes(item: RuleItem, file: string, where: string): Record<string, string> {
  if (item.append === true) return { output: 'append', tags: 'append' };
  if (!('override' in item)) return {};

  const modes = item.override;
  if (!isRecord(modes)) {
    throw new RuleFileError(file, `${where}: "override" must map keys to append or replace.`);
  }
  for (const [key, mode] of Object.entries(modes)) {
    if (mode !== 'append' && mode !== 'replace') {
      throw new RuleFileError(
        file,
        `${where}: override.${key} is ${describe(mode)}; use append or replace.`,
      );
    }
  }
  return modes as Record<string, string>;
}

function parsePriority(text: string, file: string, where: string) {
  const priority = canonicalPriority(text);
  if (priority === undefined) {
    throw new RuleFileError(
      file,
      `${where}: unknown priority "${text}"; use EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFO or DEBUG.`,
    );
  }
  return priority;
}

function requireString(item: RuleItem, key: string, file: string, where: string): string {
  const value = optionalString(item, key, file, where);
  if (value === undefined || value.trim() === '') {
    throw new RuleFileError(file, `${where} is missing "${key}".`);
  }
  return value;
}

function optionalString(item: RuleItem, key: string, file: string, where: string) {
  const value = item[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new RuleFileError(file, `${where}: "${key}" must be a string, found ${describe(value)}.`);
  }
  return value;
}

function optionalBoolean(item: RuleItem, key: string, file: string, where: string) {
  const value = item[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new RuleFileError(
      file,
      `${where}: "${key}" must be true or false, found ${describe(value)}.`,
    );
  }
  return value;
}

function optionalTags(item: RuleItem, file: string, where: string): string[] | undefined {
  const value = item.tags;
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((tag) => typeof tag === 'string' || typeof tag === 'number')
  ) {
    throw new RuleFileError(
      file,
      `${where}: "tags" must be a list of strings, found ${describe(value)}.`,
    );
  }
  // YAML reads a bare tag such as 1059 as a number; Falco keeps it as text.
  return value.map(String);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
