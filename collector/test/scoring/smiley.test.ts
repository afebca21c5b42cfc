import { describe, expect, it } from 'vitest';
import { EMPTY_HISTOGRAM, histogramOf } from '../../src/scoring/histogram.js';
import { smiley, smileyValue } from '../../src/scoring/smiley.js';

describe('smiley index', () => {
  it('maps the four faces to 0, 33.3, 66.7 and 100', () => {
    expect([1, 2, 3, 4].map(smileyValue)).toEqual([0, 100 / 3, 200 / 3, 100]);
  });

  it('computes an index of 75 for faces 4, 4, 3, 2', () => {
    // 100 + 100 + 66.667 + 33.333 = 300 → 300/4 = 75
    // ss = 625 + 625 + 69.444 + 1736.111 = 3055.556; s = √(3055.556/3) = 31.914237
    // t₃ = 3.182446 → 75 ± 3.182446·31.914237/2 = 75 ± 50.7827 → 24.2173 .. 125.78 → clipped to 100
    const r = smiley(histogramOf([4, 4, 3, 2]));
    expect(r.n).toBe(4);
    expect(r.score).toBeCloseTo(75, 12);
    expect(r.low).toBeCloseTo(24.2173, 3);
    expect(r.high).toBe(100);
    expect(r.faces).toEqual([0, 1, 1, 2]);
  });

  it('gives 0 when every face is the unhappiest', () => {
    const r = smiley(histogramOf([1, 1, 1]));
    expect(r).toMatchObject({ score: 0, low: 0, high: 0, faces: [3, 0, 0, 0] });
  });

  it('gives an index but no interval for a single face', () => {
    expect(smiley(histogramOf([3]))).toMatchObject({ n: 1, low: null, high: null });
    expect(smiley(histogramOf([3])).score).toBeCloseTo(66.667, 3);
  });

  it('returns nulls when nobody answered', () => {
    expect(smiley(EMPTY_HISTOGRAM)).toEqual({ n: 0, score: null, low: null, high: null, faces: [0, 0, 0, 0] });
  });

  it('rejects a fifth face', () => {
    expect(() => smiley(histogramOf([5]))).toThrow(/smiley answers must lie in 1–4/);
  });
});
