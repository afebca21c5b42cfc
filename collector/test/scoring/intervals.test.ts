import { describe, expect, it } from 'vitest';
import { tMeanInterval, wilsonInterval } from '../../src/scoring/intervals.js';

describe('Wilson interval', () => {
  it('computes 49.0%–94.3% for 8 successes out of 10', () => {
    // z = 1.959964, z² = 3.841459; p̂ = 0.8; d = 1 + z²/n = 1.384146
    // centre = (0.8 + 3.841459/20)/d = 0.716740; half = (z/d)·√(0.8·0.2/10 + z²/400) = 0.226577
    const i = wilsonInterval(8, 10);
    expect(i?.low).toBeCloseTo(0.49016, 5);
    expect(i?.high).toBeCloseTo(0.94332, 5);
  });

  it('starts exactly at 0 when nobody succeeds (p = 0)', () => {
    // low = 0; high = (z²/n)/(1 + z²/n) = 0.384146/1.384146 = 0.277533
    const i = wilsonInterval(0, 10);
    expect(i?.low).toBe(0);
    expect(i?.high).toBeCloseTo(0.277533, 6);
  });

  it('ends exactly at 1 when everybody succeeds (p = 1)', () => {
    // low = 1/(1 + z²/n) = 1/1.384146 = 0.722467
    const i = wilsonInterval(10, 10);
    expect(i?.low).toBeCloseTo(0.722467, 6);
    expect(i?.high).toBe(1);
  });

  it('gives a wide but proper interval for n = 1', () => {
    // 1/1: low = 1/(1 + z²) = 1/4.841459 = 0.206549
    const i = wilsonInterval(1, 1);
    expect(i?.low).toBeCloseTo(0.206549, 6);
    expect(i?.high).toBe(1);
  });

  it('returns null when n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('rejects more successes than trials', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });
});

describe('t interval for a mean', () => {
  it('computes mean ± t(0.975, n−1)·s/√n', () => {
    // 7, 6, 5, 4, 2: mean 4.8, ss 14.8, s = √(14.8/4) = 1.923538, se = 0.860233, t₄ = 2.776445
    const i = tMeanInterval(4.8, 14.8, 5);
    expect(i?.low).toBeCloseTo(2.411612, 5);
    expect(i?.high).toBeCloseTo(7.188388, 5);
  });

  it('returns null for a single observation, whose spread is unknown', () => {
    expect(tMeanInterval(5, 0, 1)).toBeNull();
    expect(tMeanInterval(Number.NaN, Number.NaN, 0)).toBeNull();
  });

  it('collapses to the mean when every answer is the same', () => {
    expect(tMeanInterval(5, 0, 2)).toEqual({ low: 5, high: 5 });
  });
});
