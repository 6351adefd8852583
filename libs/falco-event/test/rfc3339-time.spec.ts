import { parseRfc3339Time } from '../src/rfc3339-time';

describe('parseRfc3339Time', () => {
  it.each([
    ['Falco output', '2024-05-31T17:20:42.123456789Z', 1717176042123, 1717176042123456789n],
    ['no fraction', '2024-05-31T17:20:42Z', 1717176042000, 1717176042000000000n],
    ['a short fraction', '2024-05-31T17:20:42.5Z', 1717176042500, 1717176042500000000n],
    [
      'more than nine digits',
      '2024-05-31T17:20:42.1234567891Z',
      1717176042123,
      1717176042123456789n,
    ],
    [
      'a positive offset',
      '2024-05-31T19:20:42.123456789+02:00',
      1717176042123,
      1717176042123456789n,
    ],
    ['a negative offset', '2024-05-31T12:50:42-04:30', 1717176042000, 1717176042000000000n],
    ['lower-case letters', '2024-05-31t17:20:42z', 1717176042000, 1717176042000000000n],
    ['a space separator', '2024-05-31 17:20:42Z', 1717176042000, 1717176042000000000n],
    ['the epoch', '1970-01-01T00:00:00Z', 0, 0n],
    ['before the epoch', '1969-12-31T23:59:59.999999999Z', -1, -1n],
    ['a leap day', '2024-02-29T00:00:00Z', 1709164800000, 1709164800000000000n],
    ['year 2000 leap day', '2000-02-29T12:00:00Z', 951825600000, 951825600000000000n],
    ['a far future date', '9999-12-31T23:59:59Z', 253402300799000, 253402300799000000000n],
  ])('converts %s', (_case, text, epochMs, epochNanos) => {
    const time = parseRfc3339Time(text);

    expect(time).toEqual({ epochMs, epochNanos });
  });

  it.each([
    ['2024-02-30T00:00:00Z', 'is not a calendar date'],
    ['2023-02-29T00:00:00Z', 'is not a calendar date'],
    ['1900-02-29T00:00:00Z', 'is not a calendar date'],
    ['2024-13-01T00:00:00Z', 'is not a calendar date'],
    ['2024-04-31T00:00:00Z', 'is not a calendar date'],
    ['2024-05-31T24:00:00Z', 'hour or minute out of range'],
    ['2024-05-31T23:60:00Z', 'hour or minute out of range'],
    ['2024-12-31T23:59:60Z', 'leap second'],
    ['2024-05-31T17:20:61Z', 'second out of range'],
    ['2024-05-31T17:20:42+24:00', 'UTC offset out of range'],
    ['2024-05-31T17:20:42', 'is not an RFC 3339 time'],
    ['2024-05-31', 'is not an RFC 3339 time'],
    ['17:20:42.123456789', 'is not an RFC 3339 time'],
    ['2024-05-31T17:20:42.Z', 'is not an RFC 3339 time'],
  ])('rejects %s', (text, expected) => {
    const result = parseRfc3339Time(text);

    expect(typeof result).toBe('string');
    expect(result).toContain(expected);
    expect(result).toContain(JSON.stringify(text));
  });

  it('agrees with Date.parse on millisecond times', () => {
    for (let ms = -5e12; ms < 2.5e14; ms += 7.77e11) {
      const text = new Date(ms).toISOString();

      expect(parseRfc3339Time(text)).toEqual({ epochMs: ms, epochNanos: BigInt(ms) * 1_000_000n });
    }
  });
});
