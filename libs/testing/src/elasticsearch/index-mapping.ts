/**
 * A small model of Elasticsearch field mappings. It reproduces the failures
 * that matter to a client: a value that does not fit its field's type, an
 * object where a concrete value was mapped (or the reverse), new fields under
 * `dynamic: strict`, and keyword terms over Lucene's 32766-byte limit. Dotted
 * keys are expanded into objects, as Elasticsearch does by default.
 */

/** One field's mapping, in the shape of the mappings API (`type`, `properties`, `dynamic`, ...). */
export interface FieldMapping {
  type?: string;
  properties?: Record<string, FieldMapping>;
  dynamic?: boolean | 'true' | 'false' | 'strict' | 'runtime';
  ignore_above?: number;
  fields?: Record<string, FieldMapping>;
  [setting: string]: unknown;
}

/** The reason a document was rejected, in the terms of an Elasticsearch error object. */
export interface MappingProblem {
  type: string;
  reason: string;
}

/** Lucene rejects a single indexed term longer than this many UTF-8 bytes. */
const MAX_TERM_BYTES = 32_766;

const STRING_TYPES = new Set([
  'keyword',
  'text',
  'match_only_text',
  'wildcard',
  'constant_keyword',
]);
const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const FLOAT_TYPES = new Set(['double', 'float', 'half_float', 'scaled_float']);
const DATE_TYPES = new Set(['date', 'date_nanos']);

/** Strings that dynamic mapping's default date detection turns into `date` fields. */
const DETECTED_DATE =
  /^\d{4}[-/]\d{2}[-/]\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The mapping of one index; `check` applies dynamic updates only when a document is accepted. */
export class IndexMapping {
  private root: FieldMapping;

  constructor(initial: FieldMapping = {}) {
    this.root = structuredClone({ ...initial, properties: initial.properties ?? {} });
  }

  /** The current mapping, as `GET {index}/_mapping` would show it. */
  get mapping(): FieldMapping {
    return structuredClone(this.root);
  }

  /**
   * Checks a document against the mapping and, if it fits, adds the fields that
   * dynamic mapping introduces. Returns the problem when the document is rejected.
   */
  check(document: unknown, documentId: string): MappingProblem | undefined {
    if (!isPlainObject(document)) {
      return {
        type: 'document_parsing_exception',
        reason: `document with id '${documentId}' is not a JSON object`,
      };
    }

    const staged = structuredClone(this.root);
    const problem = new MappingWalk(documentId).walkObject(staged, document, '', 'true');
    if (problem === undefined) this.root = staged;
    return problem;
  }
}

class MappingWalk {
  constructor(private readonly documentId: string) {}

  /** Walks an object's keys; `inherited` is the nearest enclosing `dynamic` setting. */
  walkObject(
    mapping: FieldMapping,
    value: Record<string, unknown>,
    path: string,
    inherited: DynamicSetting,
  ): MappingProblem | undefined {
    const dynamic = dynamicSetting(mapping, inherited);
    for (const [key, child] of Object.entries(value)) {
      const problem = this.walkKey(mapping, key.split('.'), child, path, dynamic);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  /** Walks a possibly dotted key: every part but the last names an object. */
  private walkKey(
    mapping: FieldMapping,
    parts: string[],
    value: unknown,
    parentPath: string,
    dynamic: DynamicSetting,
  ): MappingProblem | undefined {
    const [name, ...rest] = parts;
    const path = parentPath === '' ? name : `${parentPath}.${name}`;
    const properties = (mapping.properties ??= {});
    let field = properties[name];

    if (rest.length > 0) {
      if (field === undefined) {
        if (dynamic === 'false' || dynamic === 'runtime') return undefined;
        if (dynamic === 'strict') return this.strictProblem(path, parentPath);
        field = properties[name] = { properties: {} };
      }
      if (!isObjectMapping(field)) {
        return {
          type: 'document_parsing_exception',
          reason: `could not add field [${path}.${rest.join('.')}] because [${path}] is mapped as [${field.type}], not as an object`,
        };
      }
      return this.walkKey(field, rest, value, path, dynamicSetting(field, dynamic));
    }

    if (value === null || value === undefined) return undefined;
    if (field === undefined) {
      if (dynamic === 'false' || dynamic === 'runtime') return undefined;
      if (dynamic === 'strict') return this.strictProblem(path, parentPath);

      const inferred = inferMapping(value);
      if (inferred === undefined) return undefined;
      field = properties[name] = inferred;
    }
    return this.checkValue(field, value, path, dynamic);
  }

  private checkValue(
    field: FieldMapping,
    value: unknown,
    path: string,
    dynamic: DynamicSetting,
  ): MappingProblem | undefined {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) {
      for (const element of value) {
        const problem = this.checkValue(field, element, path, dynamic);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }

    if (isObjectMapping(field)) {
      if (!isPlainObject(value)) {
        return {
          type: 'document_parsing_exception',
          reason: `object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`,
        };
      }
      return this.walkObject(field, value, path, dynamic);
    }

    const type = field.type ?? 'object';
    if (type === 'flattened') return this.checkFlattened(field, value, path);
    if (isPlainObject(value)) {
      return this.parseProblem(path, type, value, 'an object cannot be stored in this field');
    }

    if (STRING_TYPES.has(type)) return this.checkTermLength(field, String(value), path);
    if (INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type)) {
      const numeric = typeof value === 'number' || (typeof value === 'string' && isNumeric(value));
      return numeric
        ? undefined
        : this.parseProblem(path, type, value, `for input string: "${String(value)}"`);
    }
    if (type === 'boolean') {
      const valid =
        typeof value === 'boolean' || value === 'true' || value === 'false' || value === '';
      return valid
        ? undefined
        : this.parseProblem(path, type, value, 'only true or false is allowed');
    }
    if (DATE_TYPES.has(type)) {
      const valid =
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
      return valid ? undefined : this.parseProblem(path, type, value, 'failed to parse date field');
    }
    return undefined;
  }

  /** A flattened field takes an object of any shape; each leaf is indexed as a keyword term. */
  private checkFlattened(
    field: FieldMapping,
    value: unknown,
    path: string,
  ): MappingProblem | undefined {
    if (!isPlainObject(value)) {
      return this.parseProblem(path, 'flattened', value, 'a flattened field expects an object');
    }
    for (const leaf of leafValues(value)) {
      const problem = this.checkTermLength(field, String(leaf), path);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  private checkTermLength(
    field: FieldMapping,
    text: string,
    path: string,
  ): MappingProblem | undefined {
    const type = field.type ?? 'keyword';
    if (type === 'text' || type === 'match_only_text') return undefined;

    const bytes = Buffer.byteLength(text, 'utf8');
    const ignoreAbove = field.ignore_above;
    if (ignoreAbove !== undefined && text.length > ignoreAbove) return undefined;
    if (bytes <= MAX_TERM_BYTES) return undefined;
    return {
      type: 'illegal_argument_exception',
      reason: `Document contains at least one immense term in field="${path}" (${bytes} bytes; the maximum is ${MAX_TERM_BYTES}); set ignore_above or store the value as text`,
    };
  }

  private parseProblem(path: string, type: string, value: unknown, cause: string): MappingProblem {
    const preview = JSON.stringify(value)?.slice(0, 60) ?? String(value);
    return {
      type: 'document_parsing_exception',
      reason: `failed to parse field [${path}] of type [${type}] in document with id '${this.documentId}'. Preview of field's value: '${preview}' (${cause})`,
    };
  }

  private strictProblem(path: string, parentPath: string): MappingProblem {
    return {
      type: 'strict_dynamic_mapping_exception',
      reason: `[${parentPath === '' ? '_doc' : parentPath}] mapping is strict; dynamic introduction of [${path}] is not allowed`,
    };
  }
}

/** Infers a new field's mapping from its first value as dynamic mapping does; undefined for an empty array. */
function inferMapping(value: unknown): FieldMapping | undefined {
  if (Array.isArray(value)) {
    const first = value.find((element) => element !== null && element !== undefined);
    return first === undefined ? undefined : inferMapping(first);
  }
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'long' : 'float' };
  if (typeof value === 'string') {
    if (DETECTED_DATE.test(value) && !Number.isNaN(Date.parse(value))) return { type: 'date' };
    return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
  }
  if (isPlainObject(value)) return { properties: {} };
  return undefined;
}

type DynamicSetting = 'true' | 'false' | 'strict' | 'runtime';

/** Returns an object's own `dynamic` setting, or the one it inherits from its parent. */
function dynamicSetting(mapping: FieldMapping, inherited: DynamicSetting): DynamicSetting {
  const dynamic = mapping.dynamic;
  if (dynamic === undefined) return inherited;
  if (dynamic === true) return 'true';
  if (dynamic === false) return 'false';
  return dynamic;
}

function isObjectMapping(field: FieldMapping): boolean {
  return field.type === undefined || field.type === 'object' || field.type === 'nested';
}

function* leafValues(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (const element of value) yield* leafValues(element);
  } else if (isPlainObject(value)) {
    for (const child of Object.values(value)) yield* leafValues(child);
  } else if (value !== null && value !== undefined) {
    yield value;
  }
}

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
