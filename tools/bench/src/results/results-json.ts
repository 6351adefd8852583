// The repository's Prettier printWidth. Results files are committed, so they are
// written the way Prettier formats JSON and pass `prettier --check` as written.
const PRINT_WIDTH = 100;
const INDENT = '  ';

/**
 * Serialises results as indented JSON in Prettier's layout. Objects are always
 * expanded. An array goes on one line when it fits the print width and contains no
 * non-empty object. A longer array of numbers fills each line, and other arrays
 * put one item on each line.
 */
export function formatResultsJson(value: unknown): string {
  return `${printValue(value, '', 0, 0)}\n`;
}

/**
 * Prints `value` at `indent`. `prefixLength` and `suffixLength` are the characters
 * before it and after it on its first and last line, such as a key and a comma.
 */
function printValue(
  value: unknown,
  indent: string,
  prefixLength: number,
  suffixLength: number,
): string {
  if (Array.isArray(value)) return printArray(value, indent, prefixLength, suffixLength);
  if (value !== null && typeof value === 'object') return printObject(value as object, indent);
  // An undefined array item prints as null, as JSON.stringify does.
  return JSON.stringify(value) ?? 'null';
}

function printObject(value: object, indent: string): string {
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';

  const inner = indent + INDENT;
  const lines = entries.map(([key, item], index) => {
    const prefix = `${inner}${JSON.stringify(key)}: `;
    const comma = index < entries.length - 1 ? ',' : '';
    return `${prefix}${printValue(item, inner, prefix.length, comma.length)}${comma}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function printArray(
  items: unknown[],
  indent: string,
  prefixLength: number,
  suffixLength: number,
): string {
  if (items.length === 0) return '[]';

  const inner = indent + INDENT;
  const printed = items.map((item, index) => {
    const comma = index < items.length - 1 ? ',' : '';
    return printValue(item, inner, inner.length, comma.length);
  });

  const oneLine = `[${printed.join(', ')}]`;
  const fitsOnOneLine = prefixLength + oneLine.length + suffixLength <= PRINT_WIDTH;
  if (fitsOnOneLine && !printed.some((text) => text.includes('\n'))) return oneLine;

  if (items.every((item) => typeof item === 'number')) return fillNumbers(printed, indent);
  return `[\n${printed.map((text, index) => `${inner}${text}${index < printed.length - 1 ? ',' : ''}`).join('\n')}\n${indent}]`;
}

/** Packs numbers onto as few lines as fit the print width, as Prettier does. */
function fillNumbers(printed: string[], indent: string): string {
  const inner = indent + INDENT;
  const lines: string[] = [];
  let line = '';

  printed.forEach((text, index) => {
    const item = index < printed.length - 1 ? `${text},` : text;
    if (line !== '' && inner.length + line.length + 1 + item.length > PRINT_WIDTH) {
      lines.push(`${inner}${line}`);
      line = '';
    }
    line = line === '' ? item : `${line} ${item}`;
  });
  lines.push(`${inner}${line}`);

  return `[\n${lines.join('\n')}\n${indent}]`;
}
