import type { FieldMapping } from './index-mapping';

/** The parts of a composable index template that the server uses. */
export interface IndexTemplate {
  index_patterns: string[];
  priority?: number;
  data_stream?: Record<string, unknown>;
  template?: { mappings?: FieldMapping; settings?: Record<string, unknown> };
  [key: string]: unknown;
}

/** Index templates by name, matched to new indices as Elasticsearch does: highest priority wins. */
export class IndexTemplates {
  private readonly byName = new Map<string, IndexTemplate>();

  /** Stores a template; returns a problem text when the body is not a valid template. */
  put(name: string, body: unknown): string | undefined {
    const template = body as IndexTemplate;
    const patterns = template?.index_patterns;
    const validPatterns =
      Array.isArray(patterns) &&
      patterns.length > 0 &&
      patterns.every((p) => typeof p === 'string');
    if (!validPatterns) {
      return `index template [${name}] must list index_patterns as a non-empty array of strings`;
    }
    if (template.priority !== undefined && !Number.isInteger(template.priority)) {
      return `index template [${name}] has a priority that is not an integer`;
    }

    for (const [otherName, other] of this.byName) {
      const samePriority = (other.priority ?? 0) === (template.priority ?? 0);
      if (otherName !== name && samePriority && overlaps(other.index_patterns, patterns)) {
        return `index template [${name}] has index patterns ${JSON.stringify(patterns)} matching patterns from existing template [${otherName}] with the same priority ${template.priority ?? 0}; use a different priority`;
      }
    }
    this.byName.set(name, structuredClone(template));
    return undefined;
  }

  get(name: string): IndexTemplate | undefined {
    const template = this.byName.get(name);
    return template === undefined ? undefined : structuredClone(template);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Returns the template a new index or data stream of this name would take, if any. */
  match(indexName: string): IndexTemplate | undefined {
    let best: IndexTemplate | undefined;
    for (const template of this.byName.values()) {
      if (!template.index_patterns.some((pattern) => wildcardMatches(pattern, indexName))) continue;
      if (best === undefined || (template.priority ?? 0) > (best.priority ?? 0)) best = template;
    }
    return best;
  }
}

/** Matches `*` wildcards, the only wildcard index patterns use. */
export function wildcardMatches(pattern: string, name: string): boolean {
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(name);
}

/** Rough overlap test: either pattern matches the other with its wildcards filled in. */
function overlaps(left: string[], right: string[]): boolean {
  return left.some((a) =>
    right.some(
      (b) => wildcardMatches(a, b.replace(/\*/g, 'x')) || wildcardMatches(b, a.replace(/\*/g, 'x')),
    ),
  );
}
