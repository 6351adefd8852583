import { parseRfc3339Time, stringifyFinding, type Finding } from '@talaria/falco-event';

/** Metadata HEC stores with each event; unset fields take the token's defaults in Splunk. */
export interface HecEventMetadata {
  /** Overrides the host; by default the Falco node's hostname, else the cluster name. */
  host?: string;
  source: string;
  sourcetype: string;
  index?: string;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Formats the alert's time as HEC's `time`: epoch seconds with a decimal
 * fraction. It is written from the alert's RFC 3339 text with all nine
 * nanosecond digits, trailing zeros removed, because a double would keep only
 * about microseconds. An alert time that cannot be read falls back to the
 * finding's millisecond time.
 */
export function formatHecTime(finding: Finding): string {
  const parsed = parseRfc3339Time(finding.alert.time);
  if (typeof parsed === 'string') return formatFraction(BigInt(finding.timeMs) * 1_000_000n);
  return formatFraction(parsed.epochNanos);
}

function formatFraction(epochNanos: bigint): string {
  // Floor division keeps the fraction positive for times before 1970.
  let seconds = epochNanos / NANOS_PER_SECOND;
  let nanos = epochNanos % NANOS_PER_SECOND;
  if (nanos < 0n) {
    seconds -= 1n;
    nanos += NANOS_PER_SECOND;
  }

  const fraction = nanos.toString().padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? seconds.toString() : `${seconds}.${fraction}`;
}

/**
 * Formats one HEC event object: `time`, `host`, `source`, `sourcetype`,
 * `index` when set, and the finding as `event`. The finding is written with
 * stringifyFinding, so bigints such as `evt.time` keep every digit.
 */
export function formatHecEvent(finding: Finding, metadata: HecEventMetadata): string {
  const host = metadata.host ?? finding.alert.hostname ?? finding.cluster;
  const index = metadata.index === undefined ? '' : `,"index":${JSON.stringify(metadata.index)}`;
  return (
    `{"time":${formatHecTime(finding)},"host":${JSON.stringify(host)}` +
    `,"source":${JSON.stringify(metadata.source)},"sourcetype":${JSON.stringify(metadata.sourcetype)}` +
    `${index},"event":${stringifyFinding(finding)}}`
  );
}
