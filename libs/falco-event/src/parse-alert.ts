import type { FalcoAlert, Priority } from './alert-types';
import { findLimitProblems } from './alert-guards';
import { rememberAlertText } from './alert-source-text';
import { resolveAlertLimits, type AlertLimits } from './alert-limits';
import { compileChecker } from './checker/compile-checker';
import { describeValue } from './describe-value';
import { InvalidAlertError, type AlertProblem } from './errors';
import { FalcoAlertModel } from './falco-alert.model';
import { parseJson } from './lossless-json';
import { parsePriority } from './priority';
import { parseRfc3339Time } from './rfc3339-time';

/** A valid alert with its canonical priority and its time as numbers. */
export interface ParsedAlert {
  ok: true;
  /**
   * The alert as sent: the parsed object itself, not a copy, with every field
   * kept. An alert parsed from text is frozen, because outputs write the text
   * it came from; copy it to change it.
   */
  alert: FalcoAlert;
  priority: Priority;
  /** `time` as milliseconds since the Unix epoch, rounded down. */
  timeMs: number;
  /** `time` as nanoseconds since the Unix epoch. */
  timeNanos: bigint;
}

/** Reason code of a rejected alert, for metrics labels and reply codes. */
export type RejectionReason = 'invalid_json' | 'too_large' | 'invalid_alert';

/** An alert that failed parsing, limits or validation. */
export interface RejectedAlert {
  ok: false;
  reason: RejectionReason;
  problems: AlertProblem[];
}

export type ParseAlertResult = ParsedAlert | RejectedAlert;

export interface ParseAlertOptions {
  /** Overrides of DEFAULT_ALERT_LIMITS. */
  limits?: Partial<AlertLimits>;
}

/** Parses and validates one alert; see parseAlert. */
export type AlertParser = (input: unknown) => ParseAlertResult;

// Compiled once when the module loads, so an unsupported decorator fails at startup.
const checkAlert = compileChecker(FalcoAlertModel);

/**
 * Returns a parser with the limits resolved once. Throws FalcoEventError for
 * an invalid limit, so misconfiguration fails at startup.
 */
export function createAlertParser(options: ParseAlertOptions = {}): AlertParser {
  const limits = resolveAlertLimits(options.limits);
  return (input) => parseWithLimits(input, limits);
}

const parseWithDefaults = createAlertParser();

/**
 * Parses and validates one Falco alert. `input` is JSON text, parsed with
 * parseJson so `evt.time` and other big integers stay exact, or a value that is
 * already parsed. An invalid alert does not throw: the result lists the
 * problems, each naming the field, the value and what was expected. Invalid
 * `options` throw FalcoEventError.
 *
 * Checks run in this order, and a failing step ends the run: text length, JSON
 * syntax, limits and forbidden keys (see AlertLimits), the FalcoAlertModel
 * decorators, then the calendar validity of `time`.
 */
export function parseAlert(input: unknown, options?: ParseAlertOptions): ParseAlertResult {
  return options === undefined ? parseWithDefaults(input) : createAlertParser(options)(input);
}

/** Like parseAlert, but returns the parsed alert or throws InvalidAlertError with the problems. */
export function parseAlertOrThrow(input: unknown, options?: ParseAlertOptions): ParsedAlert {
  const result = parseAlert(input, options);
  if (!result.ok) throw new InvalidAlertError(result.problems);
  return result;
}

function parseWithLimits(input: unknown, limits: Readonly<AlertLimits>): ParseAlertResult {
  let value = input;

  if (typeof input === 'string') {
    if (input.length > limits.maxTextLength) {
      return reject(
        '',
        `alert text is ${input.length} characters long; the limit is ${limits.maxTextLength} (limits.maxTextLength)`,
        'too_large',
      );
    }
    try {
      value = parseJson(input);
    } catch (error) {
      return reject('', `alert is not valid JSON: ${(error as Error).message}`, 'invalid_json');
    }
  } else if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer) {
    return reject(
      '',
      'alert must be JSON text or a parsed object; got binary data. Decode it as UTF-8 text first.',
    );
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject('', `alert must be a JSON object; got ${describeValue(value)}`);
  }
  const alert = value as Record<string, unknown>;

  const limitProblems = findLimitProblems(alert, limits);
  if (limitProblems !== undefined)
    return { ok: false, reason: 'invalid_alert', problems: limitProblems };

  const modelProblems = checkAlert(alert);
  if (modelProblems !== undefined) {
    return {
      ok: false,
      reason: 'invalid_alert',
      problems: modelProblems.slice(0, limits.maxProblems),
    };
  }

  const time = parseRfc3339Time(alert.time as string);
  if (typeof time === 'string') return reject('time', time);

  if (typeof input === 'string') rememberAlertText(alert, input);

  return {
    ok: true,
    alert: alert as FalcoAlert,
    priority: parsePriority(alert.priority as string) as Priority,
    timeMs: time.epochMs,
    timeNanos: time.epochNanos,
  };
}

function reject(
  path: string,
  message: string,
  reason: RejectionReason = 'invalid_alert',
): RejectedAlert {
  return { ok: false, reason, problems: [{ path, message }] };
}
