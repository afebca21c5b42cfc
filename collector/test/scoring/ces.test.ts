import { describe, expect, it } from 'vitest';
import { ces } from '../../src/scoring/ces.js';
import { EMPTY_HISTOGRAM, histogramOf } from '../../src/scoring/histogram.js';

describe('CES', () => {
  it('computes a mean of 4.8 and 60% agree for 7, 6, 5, 4, 2', () => {
    // mean = 24/5 = 4.8. Interval on 0..1 (y = (x−1)/6), z²/2 = 1.920729 pseudo-answers at 0 and at 1:
    // ñ = 8.841459, centre = (5·0.633333 + 1.920729)/ñ = 0.575402; the augmented sample's squared
    // deviations 0.411111 + 5·0.003337 + 1.920729·(0.575402² + 0.424598²) = 1.410522;
    // half = z·√(1.410522)/ñ = 0.263143 → 0.312259 .. 0.838545 → 2.8730 .. 6.0318 on 1–7.
    // agree (5–7) = 3/5 = 60%; Wilson 3/5 → 23.07 .. 88.24
    const r = ces(histogramOf([7, 6, 5, 4, 2]));
    expect(r.n).toBe(5);
    expect(r.score).toBeCloseTo(4.8, 12);
    expect(r.low).toBeCloseTo(2.872986, 5);
    expect(r.high).toBeCloseTo(6.031842, 5);
    expect(r.agree).toBe(3);
    expect(r.agreePercent).toBe(60);
    expect(r.agreeLow).toBeCloseTo(23.0724, 3);
    expect(r.agreeHigh).toBeCloseTo(88.2379, 3);
  });

  it('gives an interval inside the scale from two answers (no t interval running to −7.7)', () => {
    const r = ces(histogramOf([6, 4]));
    expect(r.low).toBeCloseTo(2.277096, 5);
    expect(r.high).toBeCloseTo(6.407664, 5);
  });

  it('gives a single answer an interval that holds it', () => {
    const r = ces(histogramOf([6]));
    expect(r).toMatchObject({ n: 1, score: 6, agree: 1, agreePercent: 100 });
    expect(r.low).toBeCloseTo(1.925887, 5);
    expect(r.high).toBeCloseTo(6.90031, 5);
  });

  it('gives no zero-width interval when every answer is the same (regression: 7 ± 0)', () => {
    const r = ces(histogramOf([7, 7, 7, 7, 7]));
    expect(r).toMatchObject({ score: 7, high: 7 });
    expect(r.low).toBeCloseTo(4.065671, 5);
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
