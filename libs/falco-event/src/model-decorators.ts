import {
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { describeValue } from './describe-value';
import { findFieldValueMapProblem, isFieldValueMap } from './field-values';
import { describeInvalidPriority, isFalcoPriority } from './priority';

export const IS_FALCO_PRIORITY = 'isFalcoPriority';
export const IS_FIELD_VALUE_MAP = 'isFieldValueMap';

/** Condition of OptionalUnlessNull; the checker compiler recognises it by identity. */
export function isPresent(_object: object, value: unknown): boolean {
  return value !== undefined;
}

/**
 * Skips the other validators of a property when it is absent, but, unlike
 * IsOptional, still validates null, so `"output": null` is rejected instead of
 * passing as if it were a string.
 */
export function OptionalUnlessNull(): PropertyDecorator {
  return ValidateIf(isPresent);
}

/** Requires a priority name that Falco accepts, in any letter case or as "info". */
export function IsFalcoPriority(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_FALCO_PRIORITY,
      validator: {
        validate: (value) => isFalcoPriority(value),
        defaultMessage: (args?: ValidationArguments) => describeInvalidPriority(args?.value),
      },
    },
    options,
  );
}

/** Requires an object whose values are strings, numbers, bigints, booleans, null or arrays of those. */
export function IsFieldValueMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_FIELD_VALUE_MAP,
      validator: {
        validate: (value) => isFieldValueMap(value),
        defaultMessage: (args?: ValidationArguments) => describeFieldValueMapProblem(args),
      },
    },
    options,
  );
}

function describeFieldValueMapProblem(args?: ValidationArguments): string {
  const property = args?.property ?? 'value';
  const problem = findFieldValueMapProblem(args?.value);
  if (problem === undefined) return `${property} must be an object of field values`;
  return `${property}${problem.path} ${problem.message}`;
}

/**
 * Builds a message option that names the property, the value and `expectation`,
 * for example `rule must be a non-empty string; got 42`.
 */
export function expecting(expectation: string): ValidationOptions {
  return {
    message: (args: ValidationArguments) =>
      args.value === undefined
        ? `${args.property} is missing; expected ${expectation}`
        : `${args.property} must be ${expectation}; got ${describeValue(args.value)}`,
  };
}
