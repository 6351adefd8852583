import type { SourceLocation } from './filter-problems';

/** Comparison operators, named as in Falco conditions and rule exceptions. */
export const OPERATORS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'intersects',
  'pmatch',
  'startswith',
  'endswith',
  'contains',
  'icontains',
  'glob',
  'exists',
] as const;

export type Operator = (typeof OPERATORS)[number];

/** Operators whose operand is a set of values: a list of values or the name of a list. */
export const SET_OPERATORS: ReadonlySet<Operator> = new Set(['in', 'intersects', 'pmatch']);

/** Operators that compare numbers, or priorities by severity. */
export const ORDER_OPERATORS: ReadonlySet<Operator> = new Set(['<', '<=', '>', '>=']);

/** Values of an operand; `lists` are names of lists whose items join `values` at compile time. */
export interface Operand {
  values: string[];
  lists: Array<{ name: string; at: SourceLocation }>;
  /** True when the values were written as a list, whose items may name lists. */
  written: 'value' | 'list';
}

/** A condition as written, before lists and macros are resolved. */
export type ConditionNode =
  | { kind: 'all'; children: ConditionNode[]; at: SourceLocation }
  | { kind: 'any'; children: ConditionNode[]; at: SourceLocation }
  | { kind: 'not'; child: ConditionNode; at: SourceLocation }
  | { kind: 'macro'; name: string; at: SourceLocation }
  | { kind: 'compare'; field: string; operator: Operator; operand: Operand; at: SourceLocation };

export interface ListDefinition {
  name: string;
  items: Operand;
  /** Adds the items to the list of the same name defined earlier. */
  append: boolean;
  at: SourceLocation;
}

export interface MacroDefinition {
  name: string;
  condition: ConditionNode;
  /** Extends the macro of the same name defined earlier: either condition then holds. */
  append: boolean;
  at: SourceLocation;
}

/** One Falco-style exception: it holds when every field of some tuple compares true. */
export interface ExceptionDefinition {
  name: string;
  /** One condition per tuple; each is an `all` of one comparison per field. */
  tuples: ConditionNode[];
  at: SourceLocation;
}

export interface FilterDefinition {
  name: string;
  reason: string;
  owner: string;
  /** Epoch ms from which the filter no longer suppresses. */
  expiresAtMs?: number;
  /** The expiry as written, for reports. */
  expires?: string;
  /** Marks matching findings as "would suppress" instead of suppressing them. */
  dryRun: boolean;
  match?: ConditionNode;
  exceptions: ExceptionDefinition[];
  at: SourceLocation;
}

/** Everything one filter file defines, in file order. */
export interface FilterFileDefinitions {
  file: string;
  lists: ListDefinition[];
  macros: MacroDefinition[];
  filters: FilterDefinition[];
}
