const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reads an expiry: a date (`2026-06-30`, the filter suppresses until the end
 * of that day in UTC) or an RFC 3339 time with an offset
 * (`2026-06-30T18:00:00+02:00`). Returns epoch ms from which the filter no
 * longer suppresses, or a message saying what is wrong.
 */
export function parseExpiry(text: string): number | string {
  const date = DATE_ONLY.exec(text);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const start = Date.UTC(year, month - 1, day);
    const check = new Date(start);
    if (
      check.getUTCFullYear() !== year ||
      check.getUTCMonth() !== month - 1 ||
      check.getUTCDate() !== day
    ) {
      return `expires "${text}" is not a calendar date; write a date such as 2026-06-30`;
    }
    return start + DAY_MS;
  }

  const epochMs = DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(epochMs)) {
    return `expires "${text}" is not a date or time; write 2026-06-30 or 2026-06-30T18:00:00Z`;
  }
  return epochMs;
}
