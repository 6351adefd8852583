import { parseJson } from '@talaria/falco-event';

/** One alert's source inside a request: its JSON text, or its value when it came inside an array. */
export type AlertSource = { text: string } | { value: unknown };

export type SplitResult =
  | { ok: true; batch: boolean; alerts: AlertSource[] }
  | { ok: false; reason: string; message: string; status: number };

/**
 * Splits a request body into alerts: one JSON object (Falco's http_output),
 * a JSON array, or NDJSON (one alert per line, blank lines ignored).
 */
export function splitAlerts(text: string, ndjson: boolean, maxBatchAlerts: number): SplitResult {
  if (ndjson) return splitLines(text, maxBatchAlerts);

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

function splitLines(text: string, maxBatchAlerts: number): SplitResult {
  const alerts: AlertSource[] = [];
  let lineStart = 0;

  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;

    if (line.trim() === '') continue;
    if (alerts.length === maxBatchAlerts) return tooManyAlerts(countLines(text), maxBatchAlerts);
    alerts.push({ text: line });
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

function countLines(text: string): number {
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

function firstNonSpace(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return index;
  }
  return -1;
}
