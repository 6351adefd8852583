/**
 * A value of `output_fields` as Falco writes it. Integers that may pass
 * Number.MAX_SAFE_INTEGER, such as nanosecond times, are bigint, lists come
 * from list fields, and null means that Falco has no value.
 */
export type FieldValue = string | number | bigint | boolean | null | FieldValue[];

/** Text Falco puts in the rendered output for a field without a value. */
export const NOT_AVAILABLE = '<NA>';

/** Renders a value the way Falco substitutes `%field` in the output text. */
export function renderFieldValue(value: FieldValue): string {
  if (value === null) return NOT_AVAILABLE;
  if (Array.isArray(value)) return `(${value.map(renderFieldValue).join(',')})`;
  return String(value);
}
