import { parseRetryAfter } from './retry-after';

const now = Date.parse('2025-01-02T03:04:05Z');

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['1', 1000],
    [' 120 ', 120_000],
    ['Thu, 02 Jan 2025 03:04:35 GMT', 30_000],
    ['Thursday, 02-Jan-25 03:04:15 GMT', 10_000],
    ['Thu Jan  2 03:04:09 2025', 4000],
    ['Thu, 02 Jan 2025 03:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    '-1',
    '1.5',
    'soon',
    '99999999999999999999',
    'Xyz, 99 Foo 2025 00:00:00 GMT',
  ])('rejects %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
