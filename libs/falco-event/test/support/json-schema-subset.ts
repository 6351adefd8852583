import { parseRfc3339Time } from '../../src/rfc3339-time';

// A validator for the JSON Schema keywords that finding.v1.schema.json uses.
// It throws on any other keyword, so the schema cannot grow a rule that the
// tests silently skip.

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);

/** Returns the errors of `value` against `schema`, as `path: message` strings. */
export function validateAgainstSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '$', errors);
  return errors;
}

function check(root: Schema, schema: Schema, value: unknown, path: string, errors: string[]): void {
  for (const [keyword, argument] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    const checkKeyword = KEYWORDS[keyword];
    if (checkKeyword === undefined)
      throw new Error(`Schema keyword ${keyword} is not supported by the test validator`);
    checkKeyword({ root, schema, argument, value, path, errors });
  }
}

interface KeywordContext {
  root: Schema;
  schema: Schema;
  argument: unknown;
  value: unknown;
  path: string;
  errors: string[];
}

const KEYWORDS: Record<string, (context: KeywordContext) => void> = {
  $ref: ({ root, argument, value, path, errors }) => {
    const name = String(argument).replace('#/$defs/', '');
    const target = (root.$defs as Record<string, Schema>)[name];
    if (target === undefined) throw new Error(`Unresolved $ref ${String(argument)}`);
    check(root, target, value, path, errors);
  },
  type: ({ argument, value, path, errors }) => {
    const allowed = Array.isArray(argument) ? argument : [argument];
    if (!allowed.some((type) => hasType(value, type as string))) {
      errors.push(`${path}: expected type ${allowed.join(' or ')}`);
    }
  },
  const: ({ argument, value, path, errors }) => {
    if (value !== argument) errors.push(`${path}: expected ${JSON.stringify(argument)}`);
  },
  enum: ({ argument, value, path, errors }) => {
    if (!(argument as unknown[]).includes(value)) errors.push(`${path}: not in enum`);
  },
  required: ({ argument, value, path, errors }) => {
    if (!isObject(value)) return;
    for (const name of argument as string[]) {
      if (!Object.hasOwn(value, name)) errors.push(`${path}: missing ${name}`);
    }
  },
  properties: ({ root, argument, value, path, errors }) => {
    if (!isObject(value)) return;
    for (const [name, propertySchema] of Object.entries(argument as Record<string, Schema>)) {
      if (Object.hasOwn(value, name))
        check(root, propertySchema, value[name], `${path}.${name}`, errors);
    }
  },
  additionalProperties: ({ root, schema, argument, value, path, errors }) => {
    if (!isObject(value)) return;
    const declared = (schema.properties ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(value)) {
      if (Object.hasOwn(declared, name)) continue;
      if (argument === false) errors.push(`${path}: unexpected property ${name}`);
      else check(root, argument as Schema, value[name], `${path}.${name}`, errors);
    }
  },
  items: ({ root, argument, value, path, errors }) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) =>
      check(root, argument as Schema, item, `${path}[${index}]`, errors),
    );
  },
  minLength: ({ argument, value, path, errors }) => {
    if (typeof value === 'string' && [...value].length < (argument as number)) {
      errors.push(`${path}: shorter than ${String(argument)}`);
    }
  },
  minimum: ({ argument, value, path, errors }) => {
    if (typeof value === 'number' && value < (argument as number))
      errors.push(`${path}: below minimum`);
  },
  pattern: ({ argument, value, path, errors }) => {
    if (typeof value === 'string' && !new RegExp(argument as string, 'u').test(value)) {
      errors.push(`${path}: does not match ${String(argument)}`);
    }
  },
  format: ({ argument, value, path, errors }) => {
    if (argument !== 'date-time') throw new Error(`Format ${String(argument)} is not supported`);
    if (typeof value === 'string' && typeof parseRfc3339Time(value) === 'string') {
      errors.push(`${path}: not a date-time`);
    }
  },
  oneOf: ({ root, argument, value, path, errors }) => {
    const matching = (argument as Schema[]).filter(
      (option) => validateWith(root, option, value, path).length === 0,
    );
    if (matching.length !== 1)
      errors.push(`${path}: matches ${matching.length} oneOf options, expected 1`);
  },
};

function validateWith(root: Schema, schema: Schema, value: unknown, path: string): string[] {
  const errors: string[] = [];
  check(root, schema, value, path, errors);
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
