import { describe, expect, it } from 'vitest';
import { csat } from '../../src/scoring/csat.js';
import { EMPTY_HISTOGRAM, histogramOf } from '../../src/scoring/histogram.js';

describe('CSAT', () => {
  it('computes a CSAT of 62.5 for 5 satisfied out of 8', () => {
    // 5, 5, 4, 4, 5 are 4–5; 3, 1, 2 are not → 100·5/8 = 62.5
    // Wilson: p̂ = 0.625, d = 1 + 3.841459/8 = 1.480182, centre = (0.625 + 0.240091)/d = 0.584450
    // half = (1.959964/d)·√(0.625·0.375/8 + 3.841459/256) = 0.278707 → 30.574 .. 86.316
    const r = csat(histogramOf([5, 5, 4, 3, 1, 2, 4, 5]));
    expect(r).toMatchObject({ n: 8, score: 62.5, satisfied: 5 });
    expect(r.low).toBeCloseTo(30.5742, 3);
    expect(r.high).toBeCloseTo(86.3156, 3);
  });

  it('counts 4 as satisfied and 3 as not', () => {
    expect(csat(histogramOf([4, 3])).satisfied).toBe(1);
  });

  it('gives 0 with an interval starting at 0 when nobody is satisfied', () => {
    const r = csat(histogramOf([1, 2, 3, 1, 2, 3, 1, 2, 3, 3]));
    expect(r.score).toBe(0);
    expect(r.low).toBe(0);
    expect(r.high).toBeCloseTo(27.7533, 3);
  });

  it('gives 100 with an interval ending at 100 when everybody is satisfied', () => {
    const r = csat(histogramOf([5, 5, 5, 5, 5, 4, 4, 4, 4, 4]));
    expect(r.score).toBe(100);
    expect(r.high).toBe(100);
    expect(r.low).toBeCloseTo(72.2467, 3);
  });

  it('returns null score and interval when nobody answered', () => {
    expect(csat(EMPTY_HISTOGRAM)).toEqual({ n: 0, score: null, low: null, high: null, satisfied: 0 });
  });

  it('rejects a 0 or a 6 on the 1–5 scale', () => {
    expect(() => csat(histogramOf([0]))).toThrow(/CSAT answers must lie in 1–5/);
    expect(() => csat(histogramOf([6]))).toThrow(RangeError);
  });
});
