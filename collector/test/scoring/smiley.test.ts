import { describe, expect, it } from 'vitest';
import { EMPTY_HISTOGRAM, histogramOf } from '../../src/scoring/histogram.js';
import { smiley, smileyValue } from '../../src/scoring/smiley.js';

describe('smiley index', () => {
  it('maps the four faces to 0, 33.3, 66.7 and 100', () => {
    expect([1, 2, 3, 4].map(smileyValue)).toEqual([0, 100 / 3, 200 / 3, 100]);
  });

  it('computes an index of 75 for faces 4, 4, 3, 2', () => {
    // 100 + 100 + 66.667 + 33.333 = 300 → 300/4 = 75
    // On 0..1 with z²/2 = 1.920729 pseudo-answers at 0 and at 1: ñ = 7.841459, centre = 4.920729/ñ = 0.627527;
    // half = z·√(ss 0.305556 + 4·0.015142 + 1.920729·(0.627527² + 0.372473²))/ñ = 0.294515 → 33.30 .. 92.20
    const r = smiley(histogramOf([4, 4, 3, 2]));
    expect(r.n).toBe(4);
    expect(r.score).toBeCloseTo(75, 12);
    expect(r.low).toBeCloseTo(33.3012, 3);
    expect(r.high).toBeCloseTo(92.2042, 3);
    expect(r.faces).toEqual([0, 1, 1, 2]);
  });

  it('gives 0 when every face is the unhappiest, with an interval of some width (regression: 0 .. 0)', () => {
    const r = smiley(histogramOf([1, 1, 1]));
    expect(r).toMatchObject({ score: 0, low: 0, faces: [3, 0, 0, 0] });
    expect(r.high).toBeCloseTo(61.7472, 3);
  });

  it('gives a single face an interval that holds it', () => {
    const r = smiley(histogramOf([3]));
    expect(r.score).toBeCloseTo(66.667, 3);
    expect(r.low).toBeCloseTo(13.3173, 3);
    expect(r.high).toBeCloseTo(93.5677, 3);
  });

  it('returns nulls when nobody answered', () => {
    expect(smiley(EMPTY_HISTOGRAM)).toEqual({ n: 0, score: null, low: null, high: null, faces: [0, 0, 0, 0] });
  });

  it('rejects a fifth face', () => {
    expect(() => smiley(histogramOf([5]))).toThrow(/smiley answers must lie in 1–4/);
  });
});
