import { renderFieldValue, type FieldValue } from './field-value';

/** One piece of a parsed output format: literal text or a `%field` reference. */
export type FormatToken =
  { kind: 'text'; text: string } | { kind: 'field'; field: string; width: number };

/** A `%` reference that does not name a field the generator can read. */
export class OutputFormatError extends Error {
  override readonly name = 'OutputFormatError';
}

// A field is dotted words with an optional [argument], as in proc.aname[2] or
// jevt.value[/requestObject/spec/volumes]; a leading number sets a fixed width.
const FIELD_PATTERN = /^(\d*)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*(?:\[[^\]]*\])?)/;

/** Splits a rule's output format into literal text and field references. */
export function parseOutputFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let textStart = 0;
  let position = format.indexOf('%');

  while (position !== -1) {
    if (position > textStart)
      tokens.push({ kind: 'text', text: format.slice(textStart, position) });

    const match = FIELD_PATTERN.exec(format.slice(position + 1));
    if (match === null) {
      const context = format.slice(position, position + 20);
      throw new OutputFormatError(
        `Invalid field reference "${context}" at character ${position + 1} of the output format; ` +
          'a % must be followed by a field name such as %proc.name.',
      );
    }

    const [whole, width, field] = match;
    if (format[position + 1 + whole.length] === '(') {
      throw new OutputFormatError(
        `The output format uses the field transformer "%${field}(...)", which the generator does not support; ` +
          'reference plain fields instead.',
      );
    }

    tokens.push({ kind: 'field', field, width: width === '' ? 0 : Number(width) });
    textStart = position + 1 + whole.length;
    position = format.indexOf('%', textStart);
  }

  if (textStart < format.length) tokens.push({ kind: 'text', text: format.slice(textStart) });
  return tokens;
}

/** Returns each field the format names, once, in order of first use. */
export function fieldsOf(tokens: readonly FormatToken[]): string[] {
  const fields = tokens.flatMap((token) => (token.kind === 'field' ? [token.field] : []));
  return [...new Set(fields)];
}

/**
 * Renders the format with the given values, as Falco does: a missing value
 * becomes `<NA>` and a width pads with spaces or cuts the value.
 */
export function renderOutput(
  tokens: readonly FormatToken[],
  values: ReadonlyMap<string, FieldValue>,
): string {
  let output = '';
  for (const token of tokens) {
    if (token.kind === 'text') {
      output += token.text;
      continue;
    }

    const rendered = renderFieldValue(values.get(token.field) ?? null);
    output += token.width > 0 ? rendered.slice(0, token.width).padEnd(token.width, ' ') : rendered;
  }
  return output;
}
