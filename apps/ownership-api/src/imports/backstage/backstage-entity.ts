/** The parts of a Backstage catalog entity the importer reads. */
export interface BackstageEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    annotations: Record<string, string>;
  };
  spec: Record<string, unknown>;
  /** File the entity came from and its position there, for messages. */
  origin: string;
  source: string;
}

/** A catalog file: its path or name, and its YAML text (one or more `---` documents). */
export interface BackstageDocument {
  source: string;
  content: string;
}

const ENTITY_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** Checks the envelope of one YAML document and returns the entity, or a problem naming the field and value. */
export function readEntity(
  value: unknown,
  origin: string,
  source: string,
): BackstageEntity | { problem: string } {
  if (!isRecord(value))
    return { problem: `${origin}: expected a mapping with apiVersion, kind and metadata` };

  const { apiVersion, kind, metadata, spec } = value;
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('backstage.io/')) {
    return {
      problem: `${origin}: apiVersion ${JSON.stringify(apiVersion)} is not a backstage.io version`,
    };
  }
  if (typeof kind !== 'string' || kind === '') return { problem: `${origin}: kind is missing` };
  if (
    !isRecord(metadata) ||
    typeof metadata.name !== 'string' ||
    !ENTITY_NAME.test(metadata.name)
  ) {
    const name = isRecord(metadata) ? metadata.name : undefined;
    return {
      problem: `${origin}: metadata.name ${JSON.stringify(name)} is not a valid entity name (letters, digits, . _ -, at most 63)`,
    };
  }

  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const stringAnnotations: Record<string, string> = {};
  for (const [key, annotation] of Object.entries(annotations)) {
    if (typeof annotation !== 'string') {
      return {
        problem: `${origin}: annotation ${key} must be a string; got ${JSON.stringify(annotation)}`,
      };
    }
    stringAnnotations[key] = annotation;
  }

  return {
    apiVersion,
    kind: kind.toLowerCase(),
    metadata: {
      name: metadata.name,
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      title: typeof metadata.title === 'string' ? metadata.title : undefined,
      description: typeof metadata.description === 'string' ? metadata.description : undefined,
      annotations: stringAnnotations,
    },
    spec: isRecord(spec) ? spec : {},
    origin: `${origin} (${kind} ${metadata.name})`,
    source,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function stringList(record: Record<string, unknown>, key: string): string[] {
  const value = record[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
