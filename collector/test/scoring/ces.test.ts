import { describe, expect, it } from 'vitest';
import { ces } from '../../src/scoring/ces.js';
import { EMPTY_HISTOGRAM, histogramOf } from '../../src/scoring/histogram.js';

describe('CES', () => {
  it('computes a mean of 4.8 and 60% agree for 7, 6, 5, 4, 2', () => {
    // mean = 24/5 = 4.8; ss = 4.84 + 1.44 + 0.04 + 0.64 + 7.84 = 14.8; s = √3.7 = 1.923538
    // t₄ = 2.776445 → 4.8 ± 2.776445·1.923538/√5 = 4.8 ± 2.388388 → 2.4116 .. 7.1884, clipped to 7
    // agree (5–7) = 3/5 = 60%; Wilson 3/5 → 23.07 .. 88.24
    const r = ces(histogramOf([7, 6, 5, 4, 2]));
    expect(r.n).toBe(5);
    expect(r.score).toBeCloseTo(4.8, 12);
    expect(r.low).toBeCloseTo(2.411612, 5);
    expect(r.high).toBe(7);
    expect(r.agree).toBe(3);
    expect(r.agreePercent).toBe(60);
    expect(r.agreeLow).toBeCloseTo(23.0724, 3);
    expect(r.agreeHigh).toBeCloseTo(88.2379, 3);
  });

  it('clips a t interval that would run below 1 to the scale', () => {
    // 6, 4: mean 5, s = √2, t₁ = 12.706205 → 5 ± 12.706205 → −7.71 .. 17.71 → 1 .. 7
    const r = ces(histogramOf([6, 4]));
    expect(r.low).toBe(1);
    expect(r.high).toBe(7);
  });

  it('gives a mean but no interval for a single answer', () => {
    const r = ces(histogramOf([6]));
    expect(r).toMatchObject({ n: 1, score: 6, low: null, high: null, agree: 1, agreePercent: 100 });
  });

  it('returns nulls when nobody answered', () => {
    expect(ces(EMPTY_HISTOGRAM)).toEqual({
      n: 0,
      score: null,
      low: null,
      high: null,
      agree: 0,
      agreePercent: null,
      agreeLow: null,
      agreeHigh: null,
    });
  });

  it('rejects an 8 on the 1–7 scale', () => {
    expect(() => ces(histogramOf([8]))).toThrow(/CES answers must lie in 1–7/);
  });
});
