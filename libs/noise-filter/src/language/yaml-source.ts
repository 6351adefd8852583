import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

import { ProblemList, type SourceLocation } from './filter-problems';

/**
 * A YAML node of a filter file with its location, so that every problem can
 * name the file, the line and the key path.
 */
export class SourceNode {
  constructor(
    readonly node: Node | null,
    readonly at: SourceLocation,
    private readonly lines: LineCounter,
  ) {}

  get isMapping(): boolean {
    return isMap(this.node);
  }

  get isSequence(): boolean {
    return isSeq(this.node);
  }

  get isScalar(): boolean {
    return isScalar(this.node);
  }

  get isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null);
  }

  /** The scalar's value: a string, number, boolean or null; undefined for collections. */
  get scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }

  /** Entries of a mapping in file order; keys are converted to text. */
  entries(): Array<{ key: string; value: SourceNode }> {
    if (!isMap(this.node)) return [];
    return (this.node as YAMLMap).items.map((pair: Pair) => {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const valueNode = (pair.value as Node | null) ?? null;
      const path = this.at.path === '' ? key : `${this.at.path}.${key}`;
      // Problems point at the key's line, where a reader looks for them.
      return { key, value: this.child(keyNode ?? valueNode, path, valueNode) };
    });
  }

  /** Items of a sequence in order. */
  items(): SourceNode[] {
    if (!isSeq(this.node)) return [];
    return this.node.items.map((item, index) => {
      const node = (item as Node | null) ?? null;
      return this.child(node, `${this.at.path}[${index}]`, node);
    });
  }

  /** The value of `key` in a mapping, or undefined when absent. */
  get(key: string): SourceNode | undefined {
    return this.entries().find((entry) => entry.key === key)?.value;
  }

  /** A short description of the node's type for error messages. */
  describe(): string {
    if (this.isMapping) return 'a mapping';
    if (this.isSequence) return 'a list';
    const value = this.scalar;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'string') return `the text ${JSON.stringify(truncate(value))}`;
    return `${typeof value} ${String(value)}`;
  }

  private child(lineSource: Node | null, path: string, node: Node | null): SourceNode {
    const offset = lineSource?.range?.[0];
    const line = offset === undefined ? this.at.line : this.lines.linePos(offset).line;
    return new SourceNode(node, { file: this.at.file, line, path }, this.lines);
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * Parses YAML text into a located root node. Syntax errors, duplicate keys
 * included, are added to `problems` with their line, and the root is then
 * undefined.
 */
export function parseYamlSource(
  text: string,
  file: string,
  problems: ProblemList,
): SourceNode | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    // Integers stay exact, so evt.time and other 19-digit values compare correctly.
    intAsBigInt: true,
  });

  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0]?.line ?? 1;
      problems.add({ file, line, path: '' }, `invalid YAML: ${firstLine(error.message)}`);
    }
    return undefined;
  }

  const root = (document.contents as Node | null) ?? null;
  const line = root?.range ? lines.linePos(root.range[0]).line : 1;
  return new SourceNode(root, { file, line, path: '' }, lines);
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
