import { stringifyJson } from '@talaria/falco-event';

/**
 * Returns the text shown for an output field value of any type. Strings are
 * shown as sent; numbers, booleans and bigints (such as `evt.time` in
 * nanoseconds, every digit kept) as written in JSON; lists and other values
 * as JSON. Returns undefined for null, which the caller shows apart from a
 * string "null".
 */
export function fieldValueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return stringifyJson(value);
}
