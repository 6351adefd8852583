import { stringifyJson } from '@talaria/falco-event';

/**
 * Returns the text shown for an output field value of any type. Strings are
 * shown as sent. Numbers, booleans and bigints, such as `evt.time` in
 * nanoseconds with every digit, are written as in JSON, and so are lists.
 * Returns undefined for null, so the caller can show it apart from the string
 * "null".
 */
export function fieldValueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return stringifyJson(value);
}
