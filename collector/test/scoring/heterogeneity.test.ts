import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail } from '../../src/scoring/chi-square.js';
import { estimateOf, heterogeneity, pooledEstimates } from '../../src/scoring/heterogeneity.js';
import { npsAdjustedWald } from '../../src/scoring/nps.js';

describe('chi-square upper tail', () => {
  it('matches the table at the 5% critical values', () => {
    expect(chiSquareUpperTail(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareUpperTail(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquareUpperTail(30.143527, 19)).toBeCloseTo(0.05, 6);
    expect(chiSquareUpperTail(0, 4)).toBe(1);
  });

  it('is e^(−x/2) with two degrees of freedom', () => {
    for (const x of [0.1, 1, 5, 40]) expect(chiSquareUpperTail(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
  });
});

describe('heterogeneity across touchpoints', () => {
  it('computes Q, DerSimonian–Laird τ² and I² by hand on three equal-variance estimates', () => {
    // y = 0, 10, 20, v = 25: ȳ = 10, Q = (100 + 0 + 100)/25 = 8, τ² = (8 − 2)/(0.12 − 0.0048/0.12) = 75
    const h = heterogeneity([0, 10, 20].map((score, i) => ({ key: `t${i}`, n: 100, score, variance: 25 })));
    expect(h?.q).toBeCloseTo(8, 12);
    expect(h?.p).toBeCloseTo(Math.exp(-4), 12);
    expect(h?.tau2).toBeCloseTo(75, 12);
    expect(h?.i2).toBeCloseTo(75, 12);
    expect(h?.mean).toBeCloseTo(10, 12);
    expect(h?.i2Low).toBeLessThan(75);
    expect(h?.i2High).toBeGreaterThan(75);
    expect(h?.i2High).toBeLessThanOrEqual(100);
  });

  it('gives τ² = 0 and I² = 0 when the scores spread less than sampling noise', () => {
    const h = heterogeneity([0, 1, 2, 3].map((score, i) => ({ key: `t${i}`, n: 100, score, variance: 100 })));
    expect(h?.tau2).toBe(0);
    expect(h?.i2).toBe(0);
    expect(h?.i2Low).toBe(0);
    expect(h?.p).toBeGreaterThan(0.9);
  });

  it('needs two estimates', () => {
    expect(heterogeneity([{ key: 'a', n: 1, score: 0, variance: 1 }])).toBeNull();
  });

  it('takes the NPS variance from Rocks’ adjusted Wald, so an all-promoter touchpoint has one', () => {
    const e = estimateOf('nps', 'a', new Map([[10, 3]]));
    expect(e?.score).toBe(100);
    expect(e?.variance).toBeCloseTo((npsAdjustedWald(3, 0, 3)?.se ?? 0) ** 2, 12);
    expect(e?.variance).toBeGreaterThan(0);
  });

  it('gives CSAT the Agresti–Coull variance (z²/2 pseudo-answers at 0 and 100)', () => {
    const e = estimateOf('csat', 'a', new Map([[5, 10]]));
    const k = 1.959964 ** 2 / 2;
    const p = (10 + k) / (10 + 2 * k);
    expect(e?.score).toBe(100);
    expect(e?.variance).toBeCloseTo((10_000 * p * (1 - p)) / (10 + 2 * k), 3);
  });

  it('pools the within-touchpoint variance under the null', () => {
    // two touchpoints: {−100, 100} and {−100, 100, 100, 100}: ss = 20000 + 30000, N − k = 4
    const est = pooledEstimates('nps', [
      {
        key: 'a',
        histogram: new Map([
          [0, 1],
          [10, 1],
        ]),
      },
      {
        key: 'b',
        histogram: new Map([
          [0, 1],
          [10, 3],
        ]),
      },
    ]);
    expect(est.map((e) => e.variance)).toEqual([12_500 / 2, 12_500 / 4]);
  });
});
