const NANOSECONDS_PER_SECOND = 1_000_000_000n;

/** Returns the alert `time` for a nanosecond epoch time: RFC 3339 UTC with nine fraction digits. */
export function formatAlertTime(epochNanoseconds: bigint): string {
  const seconds = epochNanoseconds / NANOSECONDS_PER_SECOND;
  const fraction = (epochNanoseconds % NANOSECONDS_PER_SECOND).toString().padStart(9, '0');
  const wholeSeconds = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${wholeSeconds}.${fraction}Z`;
}

/**
 * Returns `%evt.time` as Falco renders it in the output text: time of day with
 * nine fraction digits, in the host's time zone, which is UTC on the nodes
 * this corpus models.
 */
export function formatOutputClock(epochNanoseconds: bigint): string {
  return formatAlertTime(epochNanoseconds).slice(11, 29);
}
