import { describe, expect, it } from 'vitest';
import {
  assertOnScale,
  countBetween,
  EMPTY_HISTOGRAM,
  histogramFromEntries,
  histogramMoments,
  histogramOf,
  histogramTotal,
  mergeHistograms,
} from '../../src/scoring/histogram.js';

describe('histograms', () => {
  it('counts individual answers by value', () => {
    const h = histogramOf([9, 10, 9, 3]);
    expect([...h].sort()).toEqual([
      [10, 1],
      [3, 1],
      [9, 2],
    ]);
    expect(histogramTotal(h)).toBe(4);
  });

  it('adds up repeated values from rollup rows and drops zero counts', () => {
    const h = histogramFromEntries([
      [9, 2],
      [9, 3],
      [4, 0],
    ]);
    expect(h.get(9)).toBe(5);
    expect(h.has(4)).toBe(false);
  });

  it('merges histograms across days into one', () => {
    const merged = mergeHistograms([histogramOf([1, 2, 2]), histogramOf([2, 5]), EMPTY_HISTOGRAM]);
    expect(merged.get(2)).toBe(3);
    expect(merged.get(1)).toBe(1);
    expect(merged.get(5)).toBe(1);
    expect(histogramTotal(merged)).toBe(5);
  });

  it('rejects a negative or fractional count', () => {
    expect(() => histogramFromEntries([[3, -1]])).toThrow(RangeError);
    expect(() => histogramFromEntries([[3, 1.5]])).toThrow(/non-negative integer/);
  });

  it('rejects a fractional answer value', () => {
    expect(() => histogramOf([2.5])).toThrow(/integers/);
  });

  it('counts the respondents within an inclusive range', () => {
    expect(countBetween(histogramOf([0, 6, 7, 8, 9, 10]), 7, 8)).toBe(2);
  });

  it('rejects a value outside the scale, naming the metric', () => {
    expect(() => assertOnScale(histogramOf([11]), 0, 10, 'NPS')).toThrow(/NPS answers must lie in 0–10, got 11/);
  });

  it('computes mean and sum of squares of a histogram', () => {
    // 1, 2, 2, 5: mean 10/4 = 2.5; ss = 2.25 + 0.25 + 0.25 + 6.25 = 9
    const m = histogramMoments(histogramOf([1, 2, 2, 5]));
    expect(m).toEqual({ n: 4, mean: 2.5, ss: 9 });
  });

  it('computes moments of transformed values', () => {
    // 2·1, 2·3 = 2, 6: mean 4, ss 4 + 4 = 8
    expect(histogramMoments(histogramOf([1, 3]), (v) => 2 * v)).toEqual({ n: 2, mean: 4, ss: 8 });
  });

  it('returns n = 0 and NaN moments for an empty histogram', () => {
    const m = histogramMoments(EMPTY_HISTOGRAM);
    expect(m.n).toBe(0);
    expect(m.mean).toBeNaN();
  });
});
