/** A measured rate compared with a baseline measured in the same run. */
export interface RatioCheck {
  measured: number;
  baseline: number;
  /** measured / baseline, or null when the baseline is not a positive number. */
  ratio: number | null;
  minimumRatio: number;
  met: boolean;
}

/** A measured value that must stay below a limit. */
export interface LimitCheck {
  measured: number;
  limit: number;
  met: boolean;
}

/** Divides a rate by its baseline and checks the quotient against a minimum. */
export function checkRatio(measured: number, baseline: number, minimumRatio: number): RatioCheck {
  const ratio = Number.isFinite(baseline) && baseline > 0 ? measured / baseline : null;
  return { measured, baseline, ratio, minimumRatio, met: ratio !== null && ratio >= minimumRatio };
}

/** Checks that a value is strictly below its limit. NaN never passes. */
export function checkBelow(measured: number, limit: number): LimitCheck {
  return { measured, limit, met: measured < limit };
}

/** Divides a count by seconds, or returns 0 when no time passed. */
export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}
