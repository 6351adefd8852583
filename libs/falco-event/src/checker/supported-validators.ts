import { isRFC3339, type ValidationArguments } from 'class-validator';
import { findFieldValueMapProblem, isFieldValueMap } from '../field-values';
import { IS_FALCO_PRIORITY, IS_FIELD_VALUE_MAP } from '../model-decorators';
import { describeInvalidPriority, isFalcoPriority } from '../priority';
import { describeValue } from '../describe-value';

/** Metadata fields of one class-validator decorator that the compiler reads. */
export interface DecoratorMetadata {
  name?: string;
  propertyName: string;
  constraints?: unknown[];
}

/**
 * A class-validator validator the compiler can turn into inline code. `test`
 * returns a JavaScript expression over the variable `subject` that is true for a
 * valid value, with the same result as the validator's own function. Objects
 * the expression needs are passed through `bind`, which returns the name of a
 * parameter of the generated function, so no value is ever written into code.
 */
export interface SupportedValidator {
  /** Returns why these decorator arguments cannot be compiled, or undefined. */
  reject?(metadata: DecoratorMetadata): string | undefined;
  test(subject: string, bind: (value: unknown) => string, metadata: DecoratorMetadata): string;
  /** Default message when the decorator sets none. `path` names the value. */
  describe(path: string, value: unknown, metadata: DecoratorMetadata): string;
  /** Returns the location of the failure below the value, such as `["proc.name"]`. */
  locate?(value: unknown): string;
}

function expecting(expectation: string): SupportedValidator['describe'] {
  return (path, value) =>
    value === undefined
      ? `${path} is missing; expected ${expectation}`
      : `${path} must be ${expectation}; got ${describeValue(value)}`;
}

// Each expression below mirrors the function of the same name in class-validator
// 0.15. The differential test compares every decorator of FalcoAlertModel
// against validateSync.
export const SUPPORTED_VALIDATORS: Readonly<Record<string, SupportedValidator>> = {
  isString: {
    test: (subject) => `(typeof ${subject} === "string" || ${subject} instanceof String)`,
    describe: expecting('a string'),
  },
  isNotEmpty: {
    test: (subject) => `(${subject} !== "" && ${subject} !== null && ${subject} !== undefined)`,
    describe: expecting('a non-empty value'),
  },
  isArray: {
    test: (subject) => `Array.isArray(${subject})`,
    describe: expecting('an array'),
  },
  isObject: {
    test: (subject) =>
      `(${subject} != null && (typeof ${subject} === "object" || typeof ${subject} === "function") && !Array.isArray(${subject}))`,
    describe: expecting('an object'),
  },
  isBoolean: {
    test: (subject) => `(${subject} instanceof Boolean || typeof ${subject} === "boolean")`,
    describe: expecting('true or false'),
  },
  isIn: {
    // Set.has differs from === only for NaN, which isIn never matches.
    test: (subject, bind, metadata) => {
      const allowed = allowedValues(metadata);
      return `${bind(new Set(allowed.filter((item) => !Number.isNaN(item))))}.has(${subject})`;
    },
    describe: (path, value, metadata) =>
      expecting(`one of ${allowedValues(metadata).map(String).join(', ')}`)(path, value, metadata),
  },
  matches: {
    reject: (metadata) =>
      matchSource(metadata).flags.includes('y')
        ? 'a sticky pattern keeps state between calls, so its result depends on earlier values'
        : undefined,
    test: (subject, bind, metadata) =>
      `(typeof ${subject} === "string" && ${bind(matchPattern(metadata))}.test(${subject}))`,
    describe: (path, value, metadata) =>
      expecting(`a string matching ${String(matchPattern(metadata))}`)(path, value, metadata),
  },
  isRFC3339: {
    test: (subject, bind) => `${bind(isRFC3339)}(${subject})`,
    describe: expecting('an RFC 3339 time'),
  },
  [IS_FALCO_PRIORITY]: {
    test: (subject, bind) => `${bind(isFalcoPriority)}(${subject})`,
    describe: (_path, value) => describeInvalidPriority(value),
  },
  [IS_FIELD_VALUE_MAP]: {
    test: (subject, bind) => `${bind(isFieldValueMap)}(${subject})`,
    describe: (path, value) => {
      const problem = findFieldValueMapProblem(value);
      return problem === undefined
        ? `${path} must be an object of field values`
        : `${path}${problem.path} ${problem.message}`;
    },
    locate: (value) => findFieldValueMapProblem(value)?.path ?? '',
  },
};

function allowedValues(metadata: DecoratorMetadata): unknown[] {
  const allowed = metadata.constraints?.[0];
  return Array.isArray(allowed) ? allowed : [];
}

// validator.js builds `new RegExp(pattern, modifiers)` from a string and calls
// String.prototype.match. A test() without the g flag gives the same result and
// keeps no lastIndex state between calls.
function matchPattern(metadata: DecoratorMetadata): RegExp {
  const regex = matchSource(metadata);
  return new RegExp(regex.source, regex.flags.replace('g', ''));
}

function matchSource(metadata: DecoratorMetadata): RegExp {
  const [pattern, modifiers] = metadata.constraints ?? [];
  if (pattern instanceof RegExp) return pattern;
  return new RegExp(String(pattern), typeof modifiers === 'string' ? modifiers : undefined);
}

/** Arguments that class-validator passes to message functions. */
export function validationArguments(
  object: object,
  property: string,
  value: unknown,
  constraints: unknown[] | undefined,
): ValidationArguments {
  return {
    targetName: object.constructor?.name ?? '',
    property,
    object,
    value,
    constraints: constraints ?? [],
  };
}
