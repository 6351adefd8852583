import { formatAlertTime, formatOutputClock } from '../format/falco-time';

/**
 * Renders the event-time fields a rule output may name. Falco writes each of
 * them in `output_fields` as the nanosecond integer, but renders text in the
 * output: ISO 8601 with a numeric zone, clock time, or date and clock time.
 */
const TIME_FIELD_TEXT: Record<string, (time: bigint) => string> = {
  'evt.time': formatOutputClock,
  'evt.time.s': (time) => formatOutputClock(time).slice(0, 8),
  'evt.time.iso8601': (time) => `${formatAlertTime(time).slice(0, 29)}+0000`,
  'evt.datetime': (time) => `${formatAlertTime(time).slice(0, 10)} ${formatOutputClock(time)}`,
  'evt.datetime.s': (time) =>
    `${formatAlertTime(time).slice(0, 10)} ${formatOutputClock(time).slice(0, 8)}`,
  'evt.rawtime': (time) => time.toString(),
};

export function isEventTimeField(field: string): boolean {
  return field in TIME_FIELD_TEXT;
}

export function renderEventTimeField(field: string, time: bigint): string {
  return TIME_FIELD_TEXT[field](time);
}
