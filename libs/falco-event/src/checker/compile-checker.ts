import { getMetadataStorage, ValidationTypes, type MetadataStorage } from 'class-validator';
import type { AlertProblem } from '../errors';
import { UnsupportedDecoratorError } from '../errors';
import { describeValue } from '../describe-value';
import { isPresent } from '../model-decorators';
import {
  SUPPORTED_VALIDATORS,
  validationArguments,
  type SupportedValidator,
} from './supported-validators';
import { failureMessage } from './failure-message';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/**
 * Validates an object against a decorated class and returns its problems, or
 * undefined when the object is valid. It reaches the same verdict as
 * class-validator's validateSync on an instance with the same properties, but
 * reports at most one problem per property.
 */
export type CompiledChecker = (object: unknown) => AlertProblem[] | undefined;

/**
 * Compiles the class-validator decorators of `target` into one checker
 * function. The generated code contains only fragments from the table of
 * supported validators and property names written as string literals. Anything
 * else it needs, such as regular expressions and condition functions, is passed
 * in as a parameter, never written into the code. Input data only ever reaches
 * the compiled function as an argument.
 *
 * Throws UnsupportedDecoratorError for a decorator, option or validation type
 * it cannot reproduce exactly (nested or async validation, groups, custom
 * constraints outside the table), so a model change fails at startup instead
 * of letting the checker and validateSync disagree.
 */
export function compileChecker(target: abstract new (...args: never[]) => object): CompiledChecker {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    target,
    '',
    false,
    false,
    undefined,
  );
  if (metadatas.length === 0) {
    throw new UnsupportedDecoratorError(
      `${target.name} has no class-validator decorators; decorate its properties before compiling a checker`,
      { context: { target: target.name } },
    );
  }

  const compiler = new CheckerCompiler(target.name);
  for (const [property, propertyMetadatas] of groupByProperty(metadatas)) {
    compiler.addProperty(property, propertyMetadatas);
  }
  return compiler.finish();
}

function groupByProperty(metadatas: ValidationMetadata[]): Map<string, ValidationMetadata[]> {
  const grouped = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = grouped.get(metadata.propertyName) ?? [];
    list.push(metadata);
    grouped.set(metadata.propertyName, list);
  }
  return grouped;
}

type FailureFunction = (object: object, value: unknown, index: number) => AlertProblem;

class CheckerCompiler {
  private readonly bindings: unknown[] = [];
  private readonly bodies: string[] = [];

  constructor(private readonly targetName: string) {}

  addProperty(property: string, metadatas: ValidationMetadata[]): void {
    if (typeof property !== 'string') {
      this.reject(String(property), 'property', 'only string property names are supported');
    }

    const conditions: string[] = [];
    const checks: string[] = [];
    const defined = metadatas.filter((metadata) => metadata.type === ValidationTypes.IS_DEFINED);
    const custom = metadatas.filter(
      (metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION,
    );

    for (const metadata of metadatas) {
      this.rejectUnsupportedOptions(property, metadata);
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        conditions.push(this.conditionCode(metadata));
      } else if (
        metadata.type !== ValidationTypes.IS_DEFINED &&
        metadata.type !== ValidationTypes.CUSTOM_VALIDATION
      ) {
        this.reject(
          property,
          metadata.name ?? metadata.type,
          'this validation type is not supported',
        );
      }
    }

    // class-validator runs isDefined before the other validators of a property.
    for (const metadata of [...defined, ...custom]) checks.push(this.checkCode(property, metadata));

    const propertyLiteral = JSON.stringify(property);
    const guard = conditions.length === 0 ? 'true' : conditions.join(' && ');
    this.bodies.push(`v = o[${propertyLiteral}];\nif (${guard}) {\n${checks.join('\nelse ')}\n}`);
  }

  finish(): CompiledChecker {
    const parameters = this.bindings.map((_binding, index) => `b${index}`);
    const source = [
      '"use strict";',
      'return function compiledChecker(o) {',
      '  if (o === null || typeof o !== "object" || Array.isArray(o)) return [notObject(o)];',
      '  let problems;',
      '  let v;',
      '  let k;',
      ...this.bodies,
      '  return problems;',
      '};',
    ].join('\n');

    // The source is assembled only from SUPPORTED_VALIDATORS fragments and
    // JSON-quoted property names, never from input data.
    const factory = new Function('notObject', ...parameters, source) as (
      ...args: unknown[]
    ) => CompiledChecker;
    return factory(describeNotObject, ...this.bindings);
  }

  private conditionCode(metadata: ValidationMetadata): string {
    const condition = metadata.constraints?.[0];
    if (metadata.name === 'isOptional') return '(v !== null && v !== undefined)';
    if (condition === isPresent) return '(v !== undefined)';
    if (typeof condition !== 'function') {
      this.reject(metadata.propertyName, 'ValidateIf', 'its condition is not a function');
    }
    return `${this.bind(condition)}(o, v)`;
  }

  private checkCode(property: string, metadata: ValidationMetadata): string {
    const name = metadata.type === ValidationTypes.IS_DEFINED ? 'isDefined' : metadata.name;
    const validator = name === 'isDefined' ? IS_DEFINED : SUPPORTED_VALIDATORS[name ?? ''];
    if (validator === undefined) {
      this.reject(
        property,
        name ?? 'an unnamed custom constraint',
        `supported: isDefined, ${Object.keys(SUPPORTED_VALIDATORS).join(', ')}`,
      );
    }

    const reason = validator.reject?.(metadata);
    if (reason !== undefined) this.reject(property, name ?? '', reason);

    const fail = this.bind(this.failureFunction(property, metadata, validator));
    const onlyIf =
      typeof metadata.validateIf === 'function'
        ? `${this.bind(metadata.validateIf)}(o, v) && `
        : '';

    if (!metadata.each) {
      const test = validator.test('v', (value) => this.bind(value), metadata);
      return `if (${onlyIf}!(${test})) (problems ??= []).push(${fail}(o, v, -1));`;
    }

    // `each` checks the items of an array, Set or Map and the value itself otherwise.
    const itemTest = validator.test('x', (value) => this.bind(value), metadata);
    const firstFailure = this.bind(
      new Function(
        'x0',
        [
          '"use strict";',
          'const items = x0 instanceof Map ? Array.from(x0.values()) : Array.isArray(x0) ? x0 : Array.from(x0);',
          'for (let i = 0; i < items.length; i++) {',
          '  const x = items[i];',
          `  if (!(${itemTest})) return i;`,
          '}',
          'return -1;',
        ].join('\n'),
      ),
    );
    const valueTest = validator.test('v', (value) => this.bind(value), metadata);
    return [
      `if (${onlyIf}(Array.isArray(v) || v instanceof Set || v instanceof Map ? (k = ${firstFailure}(v)) !== -1 : (k = -1, !(${valueTest}))))`,
      `  (problems ??= []).push(${fail}(o, v, k));`,
    ].join('\n');
  }

  private failureFunction(
    property: string,
    metadata: ValidationMetadata,
    validator: SupportedValidator,
  ): FailureFunction {
    return (object, value, index) => {
      const path = index === -1 ? property : `${property}[${index}]`;
      const shown = index === -1 ? value : itemAt(value, index);
      const args = validationArguments(object, path, shown, metadata.constraints);
      const message =
        metadata.message === undefined
          ? validator.describe(path, shown, metadata)
          : failureMessage(metadata.message, args);
      return { path: path + (validator.locate?.(shown) ?? ''), message };
    };
  }

  // Bindings come from decorator metadata and the supported-validator table.
  private bind(value: unknown): string {
    this.bindings.push(value);
    return `b${this.bindings.length - 1}`;
  }

  private rejectUnsupportedOptions(property: string, metadata: ValidationMetadata): void {
    if (metadata.groups !== undefined && metadata.groups.length > 0) {
      this.reject(property, metadata.name ?? metadata.type, 'validation groups are not supported');
    }
    if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      const constraints = getMetadataStorage().getTargetValidatorConstraints(
        metadata.constraintCls,
      );
      if (constraints.some((constraint) => constraint.async)) {
        this.reject(property, metadata.name ?? '', 'async validators are not supported');
      }
    }
  }

  private reject(property: string, decorator: string, reason: string): never {
    throw new UnsupportedDecoratorError(
      `Cannot compile a checker for ${this.targetName}.${property}: decorator ${decorator} is not supported (${reason}). Remove it or add it to SUPPORTED_VALIDATORS with a differential test.`,
      { context: { target: this.targetName, property, decorator } },
    );
  }
}

const IS_DEFINED: SupportedValidator = {
  test: (subject) => `(${subject} !== undefined && ${subject} !== null)`,
  describe: (path, value) =>
    `${path} is ${value === undefined ? 'missing' : 'null'}; expected a value`,
};

function itemAt(value: unknown, index: number): unknown {
  if (Array.isArray(value)) return value[index];
  if (value instanceof Map) return Array.from(value.values())[index];
  if (value instanceof Set) return Array.from(value)[index];
  return value;
}

function describeNotObject(value: unknown): AlertProblem {
  return { path: '', message: `alert must be a JSON object; got ${describeValue(value)}` };
}
