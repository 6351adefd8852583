import { formatAlertTime, formatOutputClock } from './falco-time';

describe('Falco time formats', () => {
  it('formats the alert time with nine fraction digits', () => {
    expect(formatAlertTime(1741680842513287004n)).toBe('2025-03-11T08:14:02.513287004Z');
  });

  it('keeps leading zeros of the fraction', () => {
    expect(formatAlertTime(1741680842000000042n)).toBe('2025-03-11T08:14:02.000000042Z');
  });

  it('formats the output clock', () => {
    expect(formatOutputClock(1741680842513287004n)).toBe('08:14:02.513287004');
  });
});
