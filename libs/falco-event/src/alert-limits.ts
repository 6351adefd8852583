import { FalcoEventError } from './errors';

/**
 * Bounds that parseAlert enforces before validating, so that hostile input
 * cannot make validation or later stages expensive. Every limit is inclusive.
 */
export interface AlertLimits {
  /** Maximum length of JSON text, in UTF-16 code units. Default 1,048,576 (1 MiB of ASCII). */
  maxTextLength: number;
  /**
   * Maximum length of any string in the alert, keys included, in UTF-16 code
   * units. Default 65,536, far above the 4,096 bytes after which, by Falco's field
   * reference, syscall arguments such as proc.exe are truncated, so long
   * outputs and command lines pass.
   */
  maxStringLength: number;
  /** Maximum number of keys in `output_fields`. Default 512; Falco's rules name fewer than 40. */
  maxOutputFields: number;
  /**
   * Maximum nesting of arrays in an `output_fields` value. 0 allows scalars only.
   * Falco writes list fields as flat arrays (depth 1); the default 2 leaves room
   * for senders that group them.
   */
  maxFieldValueDepth: number;
  /** Maximum nesting of objects and arrays in top-level fields other than `output_fields`. Default 8. */
  maxExtraFieldDepth: number;
  /** Maximum number of problems reported for one alert. Default 20. */
  maxProblems: number;
}

export const DEFAULT_ALERT_LIMITS: Readonly<AlertLimits> = Object.freeze({
  maxTextLength: 1_048_576,
  maxStringLength: 65_536,
  maxOutputFields: 512,
  maxFieldValueDepth: 2,
  maxExtraFieldDepth: 8,
  maxProblems: 20,
});

/** Merges `overrides` into the defaults; throws FalcoEventError for a limit that is not a non-negative integer. */
export function resolveAlertLimits(overrides: Partial<AlertLimits> = {}): Readonly<AlertLimits> {
  const limits = { ...DEFAULT_ALERT_LIMITS };

  for (const name of Object.keys(overrides) as (keyof AlertLimits)[]) {
    const value = overrides[name];
    if (value === undefined) continue;

    if (!(name in DEFAULT_ALERT_LIMITS)) {
      throw new FalcoEventError(
        `Unknown alert limit "${String(name)}"; expected one of ${Object.keys(DEFAULT_ALERT_LIMITS).join(', ')}`,
        { context: { limit: name } },
      );
    }
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FalcoEventError(
        `Alert limit ${name} must be a non-negative integer; got ${String(value)}`,
        { context: { limit: name, value } },
      );
    }
    limits[name] = value;
  }

  if (limits.maxProblems < 1) {
    throw new FalcoEventError('Alert limit maxProblems must be at least 1; got 0', {
      context: { limit: 'maxProblems', value: 0 },
    });
  }
  return Object.freeze(limits);
}
