/**
 * Parses an HTTP Retry-After value into a wait in ms. It is either a number
 * of seconds or an HTTP-date (RFC 9110, section 10.2.3); a date in the past
 * gives 0. Returns undefined for a missing or malformed value.
 */
export function parseRetryAfter(
  value: string | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;

  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }

  // HTTP-dates start with a weekday name; requiring it keeps Date.parse from
  // reading a malformed number such as "1.5" or "-1" as a date.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
