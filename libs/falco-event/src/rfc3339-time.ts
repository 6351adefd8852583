import { describeValue } from './describe-value';

/** A point in time from an RFC 3339 string. */
export interface AlertTime {
  /** Milliseconds since the Unix epoch, rounded down. */
  epochMs: number;
  /** Nanoseconds since the Unix epoch. Fraction digits beyond the ninth are dropped. */
  epochNanos: bigint;
}

// RFC 3339 section 5.6 date-time. Lower-case t and z and a space as separator
// are accepted as the RFC allows, and as class-validator's isRFC3339 does.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const NANOS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400;

/**
 * Converts an RFC 3339 time to epoch milliseconds and nanoseconds, or returns
 * a message naming the value and the problem. Falco writes UTC with nine
 * fraction digits (`2024-05-31T17:20:42.123456789Z`), but any offset and any
 * number of fraction digits is accepted. A leap second (second 60) is rejected
 * because epoch time cannot represent it.
 */
export function parseRfc3339Time(text: string): AlertTime | string {
  const match = RFC3339.exec(text);
  if (match === null) {
    return `time ${describeValue(text)} is not an RFC 3339 time; expected a string such as "2024-05-31T17:20:42.123456789Z"`;
  }

  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction] = match;
  const [sign, offsetHourText, offsetMinuteText] = match.slice(9);
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);

  const rangeProblem = findRangeProblem(year, month, day, hour, minute, second);
  const offsetProblem = offsetOutOfRange(offsetHourText, offsetMinuteText);
  const problem = rangeProblem ?? offsetProblem;
  if (problem !== undefined) return `time ${describeValue(text)} ${problem}`;

  let offsetSeconds = 0;
  if (sign !== undefined) {
    const magnitude = Number(offsetHourText) * 3600 + Number(offsetMinuteText) * 60;
    offsetSeconds = sign === '-' ? -magnitude : magnitude;
  }

  const epochSeconds =
    daysSinceEpoch(year, month, day) * SECONDS_PER_DAY +
    hour * 3600 +
    minute * 60 +
    second -
    offsetSeconds;
  const nanos = fraction === undefined ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0'));

  return {
    epochMs: epochSeconds * 1000 + Math.floor(nanos / 1_000_000),
    epochNanos: BigInt(epochSeconds) * NANOS_PER_SECOND + BigInt(nanos),
  };
}

function findRangeProblem(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return 'is not a calendar date';
  }
  if (hour > 23 || minute > 59) return 'has an hour or minute out of range';
  if (second === 60) return 'has a leap second (second 60), which epoch time cannot represent';
  if (second > 59) return 'has a second out of range';
  return undefined;
}

function offsetOutOfRange(
  hourText: string | undefined,
  minuteText: string | undefined,
): string | undefined {
  if (hourText === undefined) return undefined;
  return Number(hourText) > 23 || Number(minuteText) > 59
    ? 'has a UTC offset out of range'
    : undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Counts days from 1970-01-01 to a date of the proleptic Gregorian calendar.
 * Counting years from March puts the leap day last, so each 400-year era has
 * a fixed length of 146,097 days.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  // 719,468 days lie between 0000-03-01 and 1970-01-01.
  return era * 146_097 + dayOfEra - 719_468;
}
