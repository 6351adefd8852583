import type { Finding } from '@talaria/falco-event';

import type { ConditionNode } from '../language/definitions';
import type { ProblemList } from '../language/filter-problems';
import type { MergedDefinitions } from '../language/merge-definitions';
import { readsOwner, resolveField } from './field-access';
import { FieldCache } from './field-cache';
import { compileComparison } from './operators';

export type FindingPredicate = (finding: Finding) => boolean;

const NEVER: FindingPredicate = () => false;

/**
 * Compiles conditions into closures once, so evaluating a finding walks no
 * syntax tree. Lists are expanded and macros inlined here; unknown names,
 * invalid operands and macros that refer to themselves are added to
 * `problems` with their place.
 */
export class ConditionCompiler {
  private readonly compiledMacros = new Map<string, FindingPredicate>();
  private readonly macroStack: string[] = [];
  /** Set once any compiled condition reads `owner.*`. */
  usesOwner = false;
  /** Shared by every predicate this compiler makes; FilterSet resets it for each finding. */
  readonly fieldCache = new FieldCache();

  constructor(
    private readonly definitions: MergedDefinitions,
    private readonly problems: ProblemList,
  ) {}

  /** Returns the predicate, or undefined when the condition has problems. */
  compile(node: ConditionNode): FindingPredicate | undefined {
    const before = this.problems.items.length;
    const predicate = this.compileNode(node);
    return this.problems.items.length === before ? predicate : undefined;
  }

  private compileNode(node: ConditionNode): FindingPredicate {
    switch (node.kind) {
      case 'all':
        return allOf(node.children.map((child) => this.compileNode(child)));
      case 'any':
        return anyOf(node.children.map((child) => this.compileNode(child)));
      case 'not': {
        const child = this.compileNode(node.child);
        return (finding) => !child(finding);
      }
      case 'macro':
        return this.compileMacro(node);
      case 'compare':
        return this.compileCompare(node);
    }
  }

  private compileMacro(node: Extract<ConditionNode, { kind: 'macro' }>): FindingPredicate {
    const cached = this.compiledMacros.get(node.name);
    if (cached !== undefined) return cached;

    const macro = this.definitions.macros.get(node.name);
    if (macro === undefined) {
      this.problems.add(node.at, `macro "${node.name}" is not defined; define it under macros`);
      return NEVER;
    }
    if (this.macroStack.includes(node.name)) {
      const cycle = [...this.macroStack.slice(this.macroStack.indexOf(node.name)), node.name].join(
        ' -> ',
      );
      this.problems.add(
        node.at,
        `macro "${node.name}" refers to itself (${cycle}); remove the cycle`,
      );
      return NEVER;
    }

    this.macroStack.push(node.name);
    const predicate = this.compileNode(macro.condition);
    this.macroStack.pop();
    this.compiledMacros.set(node.name, predicate);
    return predicate;
  }

  private compileCompare(node: Extract<ConditionNode, { kind: 'compare' }>): FindingPredicate {
    const field = resolveField(node.field);
    if (typeof field === 'string') {
      this.problems.add(node.at, field);
      return NEVER;
    }
    if (readsOwner(node.field)) this.usesOwner = true;

    const values = this.expandOperand(node);
    if (values === undefined) return NEVER;

    const cached = { kind: field.kind, read: this.fieldCache.reader(node.field, field.read) };
    const predicate = compileComparison(cached, node.operator, values);
    if (typeof predicate === 'string') {
      this.problems.add(node.at, `${node.field}: ${predicate}`);
      return NEVER;
    }
    return predicate;
  }

  private expandOperand(node: Extract<ConditionNode, { kind: 'compare' }>): string[] | undefined {
    const lists = this.definitions.lists;
    const values: string[] = [];
    let valid = true;

    for (const reference of node.operand.lists) {
      const items = lists.get(reference.name);
      if (items === undefined) {
        this.problems.add(
          reference.at,
          `list "${reference.name}" is not defined; define it under lists or write the values as a list`,
        );
        valid = false;
      } else {
        values.push(...items);
      }
    }

    // As in Falco, a value inside a list of values that names a list stands for its items.
    const expandNames = node.operand.written === 'list';
    for (const value of node.operand.values) {
      const items = expandNames ? lists.get(value) : undefined;
      if (items === undefined) values.push(value);
      else values.push(...items);
    }

    if (valid && values.length === 0 && node.operator !== 'exists') {
      this.problems.add(
        node.at,
        `${node.field} ${node.operator}: the lists named here have no items, so nothing would match`,
      );
      valid = false;
    }
    return valid ? values : undefined;
  }
}

function allOf(children: FindingPredicate[]): FindingPredicate {
  if (children.length === 1) return children[0];
  if (children.length === 2) {
    const [first, second] = children;
    return (finding) => first(finding) && second(finding);
  }
  return (finding) => {
    for (const child of children) if (!child(finding)) return false;
    return true;
  };
}

function anyOf(children: FindingPredicate[]): FindingPredicate {
  if (children.length === 1) return children[0];
  return (finding) => {
    for (const child of children) if (child(finding)) return true;
    return false;
  };
}
