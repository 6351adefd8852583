import { median } from './median';
import { checkBelow, checkRatio, perSecond } from './ratios';

describe('checkRatio', () => {
  it('divides the measured rate by the baseline', () => {
    const check = checkRatio(6_500, 10_000, 0.6);

    expect(check.ratio).toBeCloseTo(0.65, 10);
    expect(check.measured).toBe(6_500);
    expect(check.baseline).toBe(10_000);
    expect(check.met).toBe(true);
  });

  it('meets a ratio exactly at the minimum', () => {
    expect(checkRatio(4_000, 10_000, 0.4).met).toBe(true);
  });

  it('misses a ratio below the minimum', () => {
    const check = checkRatio(5_999, 10_000, 0.6);

    expect(check.ratio).toBeCloseTo(0.5999, 10);
    expect(check.met).toBe(false);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'has no ratio for baseline %p',
    (baseline) => {
      const check = checkRatio(100, baseline, 0.6);

      expect(check.ratio).toBeNull();
      expect(check.met).toBe(false);
    },
  );
});

describe('checkBelow', () => {
  it('meets a value under the limit', () => {
    expect(checkBelow(4.99, 5).met).toBe(true);
  });

  it('misses a value at the limit', () => {
    expect(checkBelow(5, 5).met).toBe(false);
  });

  it('misses NaN', () => {
    expect(checkBelow(Number.NaN, 5).met).toBe(false);
  });
});

describe('median', () => {
  it('returns the middle of an odd count', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    median(values);

    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('perSecond', () => {
  it('divides a count by seconds', () => {
    expect(perSecond(3_000, 1.5)).toBe(2_000);
  });

  it('returns 0 when no time passed', () => {
    expect(perSecond(10, 0)).toBe(0);
  });
});
