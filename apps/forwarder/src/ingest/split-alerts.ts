import { parseJson } from '@talaria/falco-event';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** One alert's source inside a request: its JSON text, or its value when it came inside an array. */
export type AlertSource = { text: string } | { value: unknown };

export type SplitResult =
  | { ok: true; batch: boolean; alerts: AlertSource[] }
  | { ok: false; reason: string; message: string; status: number };

/**
 * Splits a request body of valid UTF-8 into alerts: one JSON object (Falco's
 * http_output), a JSON array, or NDJSON (one alert per line, blank lines
 * ignored).
 */
export function splitAlerts(body: Buffer, ndjson: boolean, maxBatchAlerts: number): SplitResult {
  if (ndjson) return splitLines(body, maxBatchAlerts);

  const text = body.toString('utf8');
  const start = firstNonSpace(text);
  if (start === -1)
    return {
      ok: false,
      status: 400,
      reason: 'empty_body',
      message: 'the request body is empty; send one Falco alert as JSON',
    };
  if (text.charCodeAt(start) !== 0x5b /* [ */)
    return { ok: true, batch: false, alerts: [{ text }] };

  let values: unknown;
  try {
    values = parseJson(text);
  } catch (error) {
    return {
      ok: false,
      status: 400,
      reason: 'invalid_json',
      message: `the JSON array is not valid JSON: ${(error as Error).message}`,
    };
  }
  const array = values as unknown[];
  if (array.length === 0) {
    return {
      ok: false,
      status: 400,
      reason: 'empty_body',
      message: 'the JSON array is empty; send at least one Falco alert',
    };
  }
  if (array.length > maxBatchAlerts) return tooManyAlerts(array.length, maxBatchAlerts);
  return { ok: true, batch: true, alerts: array.map((value) => ({ value })) };
}

// Each line is decoded from the bytes on its own. A slice of one decoded body
// would keep the whole body alive while any one of its alerts waits in an
// output queue, so a slow output that queues one alert per batch would keep
// every batch in memory.
function splitLines(body: Buffer, maxBatchAlerts: number): SplitResult {
  const alerts: AlertSource[] = [];
  for (let lineStart = 0; lineStart < body.length;) {
    const lineEnd = lineEndAt(body, lineStart);
    if (!isBlank(body, lineStart, lineEnd)) {
      if (alerts.length === maxBatchAlerts) return tooManyAlerts(countLines(body), maxBatchAlerts);
      alerts.push({ text: body.toString('utf8', lineStart, withoutCarriageReturn(body, lineEnd)) });
    }
    lineStart = lineEnd + 1;
  }

  if (alerts.length === 0)
    return {
      ok: false,
      status: 400,
      reason: 'empty_body',
      message: 'the NDJSON body has no alerts; send one Falco alert per line',
    };
  return { ok: true, batch: true, alerts };
}

function tooManyAlerts(count: number, limit: number): SplitResult {
  return {
    ok: false,
    status: 413,
    reason: 'batch_too_large',
    message: `the batch has ${count} alerts, more than the limit of ${limit} (ingest.maxBatchAlerts); split it into smaller requests`,
  };
}

function countLines(body: Buffer): number {
  let count = 0;
  for (let lineStart = 0; lineStart < body.length;) {
    const lineEnd = lineEndAt(body, lineStart);
    if (!isBlank(body, lineStart, lineEnd)) count += 1;
    lineStart = lineEnd + 1;
  }
  return count;
}

function lineEndAt(body: Buffer, lineStart: number): number {
  const newline = body.indexOf(NEWLINE, lineStart);
  return newline === -1 ? body.length : newline;
}

// A CRLF line ends without its CR, so the alert text stays on one line and outputs can reuse it.
function withoutCarriageReturn(body: Buffer, lineEnd: number): number {
  return body[lineEnd - 1] === CARRIAGE_RETURN ? lineEnd - 1 : lineEnd;
}

function isBlank(body: Buffer, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    if (!isJsonSpace(body[index])) return false;
  }
  return true;
}

function firstNonSpace(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    if (!isJsonSpace(text.charCodeAt(index))) return index;
  }
  return -1;
}

// The whitespace JSON allows between tokens; the same code units in UTF-8 and UTF-16.
function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
