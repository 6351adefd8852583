/** Falco priorities from most to least severe, spelled as Falco prints them. */
export const PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

export type Priority = (typeof PRIORITIES)[number];

/**
 * A value of `output_fields`. Integers beyond Number.MAX_SAFE_INTEGER (such as
 * `evt.time` in nanoseconds) arrive as `bigint` so that no digit is lost.
 */
export type FieldValue = string | number | bigint | boolean | null | FieldValue[];

/** One alert as Falco's JSON output sends it; unknown top-level fields are kept. */
export interface FalcoAlert {
  /** RFC 3339 time with nanoseconds, as sent. */
  time: string;
  rule: string;
  /** Priority as sent; the finding carries the canonical name. */
  priority: string;
  output?: string;
  output_fields?: Record<string, FieldValue>;
  source?: string;
  tags?: string[];
  hostname?: string;
  message?: string;
  [extra: string]: unknown;
}
