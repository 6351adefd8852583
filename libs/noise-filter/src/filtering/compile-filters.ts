import type {
  ConditionNode,
  FilterDefinition,
  FilterFileDefinitions,
} from '../language/definitions';
import type { ProblemList } from '../language/filter-problems';
import { mergeDefinitions, type MergedDefinitions } from '../language/merge-definitions';
import { ConditionCompiler, type FindingPredicate } from '../matching/compile-condition';
import type { FieldCache } from '../matching/field-cache';
import type { CompiledFilter } from './compiled-filter';

export interface CompiledFilters {
  filters: CompiledFilter[];
  /** Field cache the filters' predicates read through. */
  fieldCache: FieldCache;
  /** True when some filter reads `owner.*`, which has a value only after the enrich stage has run. */
  usesOwner: boolean;
}

/**
 * Compiles the filters of several files, merged in order. Filter names must
 * be unique across files because metrics and reports name filters.
 */
export function compileFilters(
  files: FilterFileDefinitions[],
  problems: ProblemList,
): CompiledFilters {
  const definitions = mergeDefinitions(files, problems);
  const compiler = new ConditionCompiler(definitions, problems);
  const filters: CompiledFilter[] = [];
  const byName = new Map<string, FilterDefinition>();

  for (const file of files) {
    for (const definition of file.filters) {
      const earlier = byName.get(definition.name);
      if (earlier !== undefined) {
        problems.add(
          definition.at,
          `filter name "${definition.name}" is already used at ${earlier.at.file}:${earlier.at.line}; give each filter a unique name`,
        );
        continue;
      }
      byName.set(definition.name, definition);

      const compiled = compileFilter(definition, compiler, definitions);
      if (compiled !== undefined) filters.push(compiled);
    }
  }
  return { filters, usesOwner: compiler.usesOwner, fieldCache: compiler.fieldCache };
}

function compileFilter(
  definition: FilterDefinition,
  compiler: ConditionCompiler,
  definitions: MergedDefinitions,
): CompiledFilter | undefined {
  const match = definition.match === undefined ? undefined : compiler.compile(definition.match);
  const exceptionNodes: ConditionNode[] = definition.exceptions.flatMap(
    (exception) => exception.tuples,
  );
  const exceptions = exceptionNodes.map((node) => compiler.compile(node));

  if (
    (definition.match !== undefined && match === undefined) ||
    exceptions.some((item) => item === undefined)
  ) {
    return undefined;
  }

  return {
    name: definition.name,
    reason: definition.reason,
    owner: definition.owner,
    expiresAtMs: definition.expiresAtMs,
    expires: definition.expires,
    dryRun: definition.dryRun,
    at: definition.at,
    matches: combine(match, exceptions as FindingPredicate[]),
    rules:
      definition.match === undefined ? undefined : requiredRules(definition.match, definitions),
  };
}

function combine(
  match: FindingPredicate | undefined,
  exceptions: FindingPredicate[],
): FindingPredicate {
  if (exceptions.length === 0) return match as FindingPredicate;

  const anyException: FindingPredicate = (finding) => {
    for (const exception of exceptions) if (exception(finding)) return true;
    return false;
  };
  if (match === undefined) return anyException;
  return (finding) => match(finding) && anyException(finding);
}

/**
 * Finds rule names the condition requires: a `rule` equality or `in` at its
 * top level or inside a top-level `and`. Lists are expanded; anything more
 * complex returns undefined, so the filter is tried for every rule.
 */
function requiredRules(
  node: ConditionNode,
  definitions: MergedDefinitions,
): Set<string> | undefined {
  const candidates = node.kind === 'all' ? node.children : [node];

  for (const child of candidates) {
    if (child.kind !== 'compare' || child.field !== 'rule') continue;
    if (child.operator !== '=' && child.operator !== 'in') continue;

    const names = new Set<string>();
    for (const reference of child.operand.lists) {
      for (const item of definitions.lists.get(reference.name) ?? []) names.add(item);
    }
    for (const value of child.operand.values) {
      const items = child.operand.written === 'list' ? definitions.lists.get(value) : undefined;
      for (const item of items ?? [value]) names.add(item);
    }
    return names;
  }
  return undefined;
}
