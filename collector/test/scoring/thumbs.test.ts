import { describe, expect, it } from 'vitest';
import { EMPTY_HISTOGRAM, histogramOf } from '../../src/scoring/histogram.js';
import { thumbs } from '../../src/scoring/thumbs.js';

describe('thumbs', () => {
  it('computes 75% up for three ups and one down', () => {
    // 3/4 = 75%; Wilson: d = 1 + 3.841459/4 = 1.960365, centre = (0.75 + 0.480182)/d = 0.627527
    // half = (1.959964/d)·√(0.75·0.25/4 + 3.841459/64) = 0.324886 → 30.064 .. 95.441
    const r = thumbs(histogramOf([1, 1, 1, 0]));
    expect(r).toMatchObject({ n: 4, score: 75, up: 3, down: 1 });
    expect(r.low).toBeCloseTo(30.0642, 3);
    expect(r.high).toBeCloseTo(95.4413, 3);
  });

  it('returns nulls when nobody answered', () => {
    expect(thumbs(EMPTY_HISTOGRAM)).toEqual({ n: 0, score: null, low: null, high: null, up: 0, down: 0 });
  });

  it('rejects an answer other than 0 or 1', () => {
    expect(() => thumbs(histogramOf([2]))).toThrow(/thumbs answers must lie in 0–1/);
  });
});
