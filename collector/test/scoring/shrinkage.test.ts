import { describe, expect, it } from 'vitest';
import { leaderboard } from '../../src/scoring/leaderboard.js';
import { binomial, seededRandom, type Random } from '../../src/scoring/random.js';
import { shrink } from '../../src/scoring/shrinkage.js';

/** NPS answers: `promoters` 10s, `detractors` 0s, the rest 7s, out of n. */
const npsHist = (promoters: number, detractors: number, n: number): Map<number, number> =>
  new Map([
    [10, promoters],
    [7, n - promoters - detractors],
    [0, detractors],
  ]);

/** n answers from a touchpoint whose true NPS is θ (20% passives, the rest split to give θ). */
function draw(random: Random, theta: number, n: number): Map<number, number> {
  const pP = (0.8 + theta / 100) / 2;
  const promoters = binomial(random, n, pP);
  const detractors = binomial(random, n - promoters, (0.8 - pP) / (1 - pP));
  return npsHist(promoters, detractors, n);
}

describe('shrinkage ranking', () => {
  // Ten stores of n = 200 between NPS 20 and 56, and one with three promoters (NPS 100).
  const stores = [20, 24, 28, 32, 36, 40, 44, 48, 52, 56].map((s, i) => ({
    key: `s${i}`,
    histogram: npsHist(80 + s, 80 - s, 200),
  }));
  const tiny = { key: 'tiny', histogram: npsHist(3, 0, 3) };

  it('does not rank a touchpoint with three promoters first', () => {
    const byScore = leaderboard('nps', [...stores, tiny], { minN: 0 });
    expect(byScore[0]?.key).toBe('tiny'); // the noise the option exists for
    const rows = leaderboard('nps', [...stores, tiny], { rank: 'shrunk' });
    const row = rows.find((r) => r.key === 'tiny');
    expect(rows[0]?.key).toBe('s9');
    expect(row?.rank).toBeGreaterThan(1);
    expect(row?.lowSample).toBe(true); // still flagged, now ranked
    // shrunk most of the way to the chain's mean (≈ 38), and its rank interval says it could be anywhere
    expect(row?.shrunk ?? 100).toBeLessThan(60);
    expect(row?.rankLow).toBe(1);
    expect(row?.rankHigh ?? 0).toBeGreaterThanOrEqual(8);
  });

  it('moves well-measured touchpoints less than halfway to the mean and keeps their order', () => {
    const s = shrink('nps', stores);
    expect(s?.tau2 ?? 0).toBeGreaterThan(50);
    const mean = s?.mean ?? 0;
    const shrunk = stores.map((t) => s?.scores.get(t.key)?.shrunk ?? 0);
    expect([...shrunk].sort((a, b) => a - b)).toEqual(shrunk);
    shrunk.forEach((x, i) => {
      const own = 20 + 4 * i;
      expect(Math.abs(x - own)).toBeLessThanOrEqual(Math.abs(own - mean) / 2);
    });
  });

  it('shrinks every score to the mean when touchpoints do not differ, with rank intervals spanning the board', () => {
    const same = ['a', 'b', 'c', 'd'].map((key) => ({ key, histogram: npsHist(60, 20, 100) }));
    const s = shrink('nps', same);
    expect(s?.tau2).toBe(0);
    for (const x of s?.scores.values() ?? []) {
      expect(x.shrunk).toBeCloseTo(40, 10);
      expect([x.rankLow, x.rankHigh]).toEqual([1, 4]);
    }
  });

  it('gives the same reply twice and leaves score ranking without shrinkage fields', () => {
    const a = leaderboard('nps', [...stores, tiny], { rank: 'shrunk' });
    const b = leaderboard('nps', [...stores, tiny], { rank: 'shrunk' });
    expect(b).toEqual(a);
    const plain = leaderboard('nps', stores);
    expect(plain.every((r) => r.shrunk === null && r.rankLow === null)).toBe(true);
  });

  it('has rank intervals that cover the true rank at least 90% of the time', () => {
    // True NPS from N(30, 15²), n from 15 to 300: the 95% rank intervals should hold the true rank.
    const random = seededRandom(3);
    let covered = 0;
    let total = 0;
    for (let sim = 0; sim < 60; sim++) {
      const truth = Array.from({ length: 12 }, (_, i) => ({
        key: `t${i}`,
        theta: Math.max(
          -70,
          Math.min(70, 30 + 15 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())),
        ),
        n: 15 + Math.floor(random() * 285),
      }));
      const s = shrink(
        'nps',
        truth.map((t) => ({ key: t.key, histogram: draw(random, t.theta, t.n) })),
        { draws: 400 },
      );
      const order = [...truth].sort((a, b) => b.theta - a.theta);
      order.forEach((t, i) => {
        const x = s?.scores.get(t.key);
        total++;
        if (x !== undefined && x.rankLow <= i + 1 && i + 1 <= x.rankHigh) covered++;
      });
    }
    expect(covered / total).toBeGreaterThan(0.9);
  });
});
