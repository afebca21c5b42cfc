import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTDensity, studentTQuantile, tCritical } from '../../src/scoring/student-t.js';

describe('Student t distribution', () => {
  // Two-sided 95% critical values, as printed in every t table.
  it.each([
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [5, 2.571],
    [10, 2.228],
    [30, 2.042],
    [100, 1.984],
  ])('gives t(0.975, %s) = %s as in the tables', (df, table) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(table, 3);
  });

  it('tends to the normal quantile 1.960 as df → ∞', () => {
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBeCloseTo(1.959964, 6);
    expect(studentTQuantile(0.975, 1e5)).toBeCloseTo(1.959988, 6);
  });

  // scipy.stats.t.ppf to 12+ digits, across the algorithm's branches.
  it.each([
    [0.995, 1, 63.65674116287153],
    [0.9, 2, 1.885618083164127],
    [0.999999, 3, 103.299467779429],
    [0.6, 4.5, 0.2687518355421751],
    [0.995, 10, 3.16927267261695],
    [0.9, 30, 1.310415025391396],
    [0.975, 999, 1.962341461133449],
    [0.975, 1000, 1.962339080826408],
  ])('matches reference quantile at p = %s, df = %s', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 9);
  });

  it('is symmetric: the lower quantile is minus the upper one', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 14);
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });

  it('inverts its own CDF', () => {
    for (const df of [1, 3, 8, 25]) {
      for (const p of [0.01, 0.2, 0.7, 0.995]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
      }
    }
  });

  it('has the Cauchy density at one degree of freedom', () => {
    expect(studentTDensity(0, 1)).toBeCloseTo(1 / Math.PI, 14);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
  });

  it('gives the tail probability far out without rounding to zero', () => {
    expect(studentTCdf(-40, 3)).toBeCloseTo(1.719034039457925e-5, 15); // scipy.stats.t.cdf(-40, 3)
  });

  it('rejects non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
    expect(() => tCritical(0.95, -1)).toThrow(RangeError);
  });

  it('gives 2.262 as the 95% critical value with 9 df', () => {
    expect(tCritical(0.95, 9)).toBeCloseTo(2.262, 3);
  });
});
