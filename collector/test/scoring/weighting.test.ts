import { describe, expect, it } from 'vitest';
import { ces } from '../../src/scoring/ces.js';
import { histogramOf, mergeHistograms, type Histogram } from '../../src/scoring/histogram.js';
import { nps } from '../../src/scoring/nps.js';
import { seededRandom } from '../../src/scoring/random.js';
import { weightedScore } from '../../src/scoring/weighting.js';

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** A histogram of NPS answers: promoters 10, passives 8, detractors 3. */
const npsOf = (promoters: number, passives: number, detractors: number): Histogram =>
  histogramOf([
    ...Array<number>(promoters).fill(10),
    ...Array<number>(passives).fill(8),
    ...Array<number>(detractors).fill(3),
  ]);

describe('weightedScore (post-stratification)', () => {
  // web: 10 answers, NPS 20; kiosk: 40 answers, NPS −25. Pooled: (15 − 23)/50 = −16.
  const web = npsOf(5, 2, 3);
  const kiosk = npsOf(10, 10, 20);

  it('weights two channels equally, not by their answers: −2.5 where the pooled NPS is −16', () => {
    const pooled = nps(mergeHistograms([web, kiosk]));
    expect(pooled.score).toBeCloseTo(-16, 12);
    const w = weightedScore('nps', [
      { key: 'web', histogram: web, share: 1 },
      { key: 'kiosk', histogram: kiosk, share: 1 },
    ]);
    expect(w.n).toBe(50);
    expect(w.score).toBeCloseTo(-2.5, 12);
    expect(w.score).not.toBeCloseTo(pooled.score ?? 0, 1);
    // Kish: respondent weights 0.5/10 and 0.5/40; deff = n·Σw² = 50·(0.25/10 + 0.25/40) = 1.5625.
    expect(w.deff).toBeCloseTo(1.5625, 12);
    expect(w.effectiveN).toBeCloseTo(32, 12);
    // Linearised variance Σ W²·ss/n²: ss of the ±100 scores is 76,000 at web and 275,000 at the kiosk.
    const variance = 0.25 * (76_000 / 100) + 0.25 * (275_000 / 1600);
    // Read as 32 respondents at −2.5 with that variance, plus Rocks' ¾ promoter, ¾ detractor, 1½ passive.
    const centre = (32 * -2.5) / 35;
    const ss =
      variance * 32 ** 2 +
      32 * (-2.5 - centre) ** 2 +
      0.75 * (100 - centre) ** 2 +
      0.75 * (-100 - centre) ** 2 +
      1.5 * centre ** 2;
    const se = Math.sqrt(ss) / 35;
    expect(w.low).toBeCloseTo(centre - Z95 * se, 9);
    expect(w.high).toBeCloseTo(centre + Z95 * se, 9);
    expect(w.strata).toEqual([
      { key: 'web', n: 10, share: 0.5, weight: 0.5, respondentWeight: 2.5, score: 20 },
      { key: 'kiosk', n: 40, share: 0.5, weight: 0.5, respondentWeight: 0.625, score: -25 },
    ]);
  });

  it('gives the pooled score with deff 1 when the target shares are the answer shares', () => {
    const w = weightedScore('nps', [
      { key: 'web', histogram: web, share: 10 },
      { key: 'kiosk', histogram: kiosk, share: 40 },
    ]);
    expect(w.score).toBeCloseTo(-16, 12);
    expect(w.deff).toBeCloseTo(1, 12);
    expect(w.effectiveN).toBeCloseTo(50, 9);
  });

  it('is the unweighted interval with one stratum', () => {
    const w = weightedScore('nps', [{ key: 'web', histogram: web, share: 3 }]);
    const plain = nps(web);
    expect(w.score).toBeCloseTo(plain.score ?? NaN, 12);
    expect(w.low).toBeCloseTo(plain.low ?? NaN, 12);
    expect(w.high).toBeCloseTo(plain.high ?? NaN, 12);
    const all7 = histogramOf([7, 7, 7, 7, 7]);
    const c = weightedScore('ces', [{ key: 'kiosk', histogram: all7, share: 1 }]);
    expect(c.low).toBeCloseTo(ces(all7).low ?? NaN, 12);
    expect(c.high).toBe(7);
  });

  it('hands an empty stratum’s share to the others and lists it, and leaves out strata without a share', () => {
    const w = weightedScore('nps', [
      { key: 'web', histogram: web, share: 0.5 },
      { key: 'phone', histogram: new Map(), share: 0.25 },
      { key: 'kiosk', histogram: kiosk, share: 0.25 },
      { key: 'qr', histogram: npsOf(3, 0, 0), share: 0 },
    ]);
    expect(w.empty).toEqual(['phone']);
    expect(w.unweighted).toEqual(['qr']);
    expect(w.n).toBe(50);
    expect(w.score).toBeCloseTo((2 / 3) * 20 + (1 / 3) * -25, 12);
    expect(w.strata.find((s) => s.key === 'phone')).toEqual({
      key: 'phone',
      n: 0,
      share: 0.25,
      weight: 0,
      respondentWeight: 0,
      score: null,
    });
    expect(w.strata.find((s) => s.key === 'qr')).toMatchObject({ n: 3, weight: 0, score: 100 });
  });

  it('has no score when no stratum with a share has answers', () => {
    const w = weightedScore('nps', [
      { key: 'web', histogram: new Map(), share: 1 },
      { key: 'qr', histogram: npsOf(3, 0, 0), share: 0 },
    ]);
    expect(w).toMatchObject({ n: 0, score: null, low: null, high: null, deff: null, effectiveN: null });
    expect(w.empty).toEqual(['web']);
  });

  it('never gives a zero-width interval when every answer is equal', () => {
    const w = weightedScore('ces', [
      { key: 'a', histogram: histogramOf([7, 7, 7]), share: 1 },
      { key: 'b', histogram: histogramOf([7, 7, 7, 7, 7, 7]), share: 2 },
    ]);
    expect(w.score).toBeCloseTo(7, 12);
    expect(w.high).toBeCloseTo(7, 12);
    expect(w.low ?? 7).toBeLessThan(6.5);
  });

  it('refuses a negative share and a repeated stratum', () => {
    expect(() => weightedScore('nps', [{ key: 'a', histogram: web, share: -1 }])).toThrow(/share of a/);
    expect(() =>
      weightedScore('nps', [
        { key: 'a', histogram: web, share: 1 },
        { key: 'a', histogram: web, share: 1 },
      ]),
    ).toThrow(/twice/);
  });
});

/** Draws one answer from probabilities p of answers min, min+1, …. */
function draw(random: () => number, p: readonly number[], min: number): number {
  let u = random();
  let i = 0;
  while (i < p.length - 1 && u >= (p[i] ?? 0)) u -= p[i++] ?? 0;
  return min + i;
}

/** Coverage accepted for a nominal 95% interval, as for the unweighted intervals (coverage.test.ts). */
const BAND = { min: 0.92, max: 1 };
/** Simulated samples per case. */
const DRAWS = 2000;

describe('coverage of the weighted 95% interval (seeded simulation, docs/STATISTICS.md)', () => {
  // Three strata with different true scores, sizes far from their target shares (as response rates make them).
  const npsStrata = [
    { p: [0.02, 0.01, 0.02, 0.03, 0.02, 0.05, 0.05, 0.1, 0.2, 0.25, 0.25], share: 0.6 },
    { p: [0.3, 0, 0, 0, 0, 0, 0, 0.1, 0, 0, 0.6], share: 0.3 },
    { p: [0.1, 0, 0, 0, 0, 0, 0, 0.8, 0, 0, 0.1], share: 0.1 },
  ];
  const npsTruth = (p: number[]) =>
    100 * (p.slice(9).reduce((s, q) => s + q, 0) - p.slice(0, 7).reduce((s, q) => s + q, 0));
  const cesStrata = [
    { p: [0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.3], share: 0.5 },
    { p: [0.45, 0, 0, 0, 0, 0, 0.55], share: 0.3 },
    { p: [0, 0, 0, 0, 0, 0, 1], share: 0.2 },
  ];
  const cesTruth = (p: number[]) => p.reduce((s, q, i) => s + q * (i + 1), 0);
  /** Stratum sizes per case: small and unbalanced against the shares. */
  const SIZES = [
    [5, 10, 30],
    [30, 10, 5],
    [10, 10, 10],
    [40, 60, 100],
  ];

  for (const [metric, strata, truthOf, min] of [
    ['nps', npsStrata, npsTruth, 0],
    ['ces', cesStrata, cesTruth, 1],
  ] as const) {
    it(`covers the true weighted ${metric} in ${BAND.min * 100}–100% of ${DRAWS} samples per size`, () => {
      const random = seededRandom(20_261_204);
      const truth = strata.reduce((s, x) => s + x.share * truthOf(x.p), 0);
      const coverage: number[] = [];
      for (const sizes of SIZES) {
        let hits = 0;
        for (let d = 0; d < DRAWS; d++) {
          const w = weightedScore(
            metric,
            strata.map((x, i) => ({
              key: String(i),
              share: x.share,
              histogram: histogramOf(Array.from({ length: sizes[i] ?? 0 }, () => draw(random, x.p, min))),
            })),
          );
          if ((w.low ?? Infinity) <= truth && truth <= (w.high ?? -Infinity)) hits++;
          expect((w.high ?? 0) - (w.low ?? 0)).toBeGreaterThan(0);
        }
        coverage.push(hits / DRAWS);
      }
      for (const c of coverage) {
        expect(c).toBeGreaterThanOrEqual(BAND.min);
        expect(c).toBeLessThanOrEqual(BAND.max);
      }
    });
  }
});
