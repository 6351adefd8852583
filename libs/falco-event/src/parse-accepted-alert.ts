import type { FalcoAlert } from './alert-types';
import { rememberAlertText } from './alert-source-text';
import { parseJson } from './lossless-json';
import { parseAlert, type ParseAlertResult } from './parse-alert';
import { parsePriority } from './priority';
import { parseRfc3339Time } from './rfc3339-time';

/**
 * Parses alert text that parseAlert accepted before, such as text kept in a
 * durable queue behind a checksum, without checking its limits and model
 * again. Those checks took about a sixth of the time of reading a spooled
 * alert back, in a benchmark on one machine. It still reads the priority,
 * time and rule that findings need. When one of them is wrong, or the text is
 * not a JSON object, the text was not accepted before, and parseAlert runs
 * instead to name the problem.
 */
export function parseAcceptedAlert(text: string): ParseAlertResult {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    return parseAlert(text);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return parseAlert(text);

  const alert = value as Record<string, unknown>;
  const priority = typeof alert.priority === 'string' ? parsePriority(alert.priority) : undefined;
  const time = typeof alert.time === 'string' ? parseRfc3339Time(alert.time) : undefined;
  if (priority === undefined || time === undefined || typeof time === 'string') {
    return parseAlert(text);
  }
  if (typeof alert.rule !== 'string') return parseAlert(text);

  rememberAlertText(alert, text);
  return {
    ok: true,
    alert: alert as FalcoAlert,
    priority,
    timeMs: time.epochMs,
    timeNanos: time.epochNanos,
  };
}
