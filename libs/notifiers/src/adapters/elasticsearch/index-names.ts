/** Characters Elasticsearch rejects in index and data stream names. */
const FORBIDDEN_CHARACTERS = /[\\/*?"<>| ,#:A-Z]/;

/** Length of the `-YYYY.MM.DD` suffix of a daily index. */
const DAILY_SUFFIX_LENGTH = 11;

/**
 * Returns why `name` cannot be an Elasticsearch index or data stream name, or
 * undefined when it can. The rules are Elasticsearch's: lower case, none of
 * `\ / * ? " < > | , # :` or spaces, no leading `-`, `_` or `+`, not `.` or
 * `..`, and at most 255 bytes; `reserveBytes` keeps room for a suffix.
 */
export function describeInvalidIndexName(name: string, reserveBytes = 0): string | undefined {
  if (FORBIDDEN_CHARACTERS.test(name)) {
    return 'use lower-case letters, digits, -, _, + and . only (no upper case, spaces, commas, #, :, /, \\, *, ?, ", <, >, |)';
  }
  if (/^[-_+]/.test(name)) return 'it must not start with -, _ or +';
  if (name === '.' || name === '..') return 'it must not be . or ..';
  if (name.startsWith('.ds-')) return '.ds- is reserved for data stream backing indices';

  const maxBytes = 255 - reserveBytes;
  if (Buffer.byteLength(name, 'utf8') > maxBytes) return `use at most ${maxBytes} bytes`;
  return undefined;
}

/** Same check for the prefix of daily indices, leaving room for the date suffix. */
export function describeInvalidIndexPrefix(prefix: string): string | undefined {
  return describeInvalidIndexName(prefix, DAILY_SUFFIX_LENGTH);
}

/** Returns the daily index `{prefix}-YYYY.MM.DD` for an epoch time in ms, dated in UTC. */
export function dailyIndexName(prefix: string, timeMs: number): string {
  const date = new Date(timeMs);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${prefix}-${year}.${month}.${day}`;
}
