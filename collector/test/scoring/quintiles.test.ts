import { describe, expect, it } from 'vitest';
import { quintiles, type QuintileInput } from '../../src/scoring/quintiles.js';
import { resampleHistogram, seededRandom, type Random } from '../../src/scoring/random.js';

/** NPS answers with `promoters`, `detractors` and the rest passive, out of n. */
const npsHist = (promoters: number, detractors: number, n: number): Map<number, number> =>
  new Map([
    [10, promoters],
    [7, n - promoters - detractors],
    [0, detractors],
  ]);

/** A touchpoint whose n = 100 answers give exactly NPS `score` (an even number from −100 to 100). */
const tp = (key: string, score: number, n = 100): QuintileInput => {
  const promoters = Math.round((n * (100 + score)) / 200);
  return { key, histogram: npsHist(promoters, n - promoters, n) };
};

/** n answers drawn from one true distribution: 50% promoters, 20% detractors (true NPS 30). */
const sampleTp = (random: Random, key: string, n: number): QuintileInput => ({
  key,
  histogram: resampleHistogram(random, npsHist(50, 20, 100)),
  ...(n === 100 ? {} : { histogram: resampleHistogram(random, npsHist(50 * (n / 100), 20 * (n / 100), n)) }),
});

describe('quintile analysis', () => {
  it('puts two touchpoints in each quintile out of ten and says how many', () => {
    const q = quintiles(
      'nps',
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((s) => tp(`t${s}`, s)),
      { bootstrap: 0 },
    );
    expect(q.quintiles.map((g) => g.keys)).toEqual([
      ['t10', 't20'],
      ['t30', 't40'],
      ['t50', 't60'],
      ['t70', 't80'],
      ['t90', 't100'],
    ]);
    expect(q.quintiles.map((g) => g.size)).toEqual([2, 2, 2, 2, 2]);
    expect(q.quintiles.map((g) => g.score)).toEqual([15, 35, 55, 75, 95]);
    expect(q.gap).toBe(80);
    expect(q.warning).toBeNull();
  });

  it('reads twenty touchpoints with one true score as systemic about 95% of the time', () => {
    // Homogeneous chains: the Q test's false "focus on the bottom" rate must be near its 5% level, even
    // though sorting noisy scores always opens a gap (about 30 NPS points here at n = 100).
    const random = seededRandom(7);
    const chains = 300;
    let local = 0;
    let gaps = 0;
    for (let c = 0; c < chains; c++) {
      const tps = Array.from({ length: 20 }, (_, i) => sampleTp(random, `s${i}`, 100));
      const q = quintiles('nps', tps, { bootstrap: 0 });
      if (q.reading === 'focus-on-bottom') local++;
      gaps += q.gap ?? 0;
    }
    expect(gaps / chains).toBeGreaterThan(15); // the noise gap the old fixed 10-point floor read as local
    expect(local / chains).toBeGreaterThan(0.01);
    expect(local / chains).toBeLessThan(0.1);
  });

  it('reads one bad store among nineteen alike as "fix the bottom 20%"', () => {
    const random = seededRandom(11);
    const tps = Array.from({ length: 19 }, (_, i) => sampleTp(random, `s${i}`, 100));
    tps.push({ key: 'bad', histogram: npsHist(15, 60, 100) }); // NPS −45
    const q = quintiles('nps', tps);
    expect(q.quintiles[0]?.keys).toContain('bad');
    expect(q.reading).toBe('focus-on-bottom');
    expect(q.readingText).toMatch(/bottom 20%/);
    expect(q.heterogeneity?.p).toBeLessThan(0.001);
    expect(q.heterogeneity?.i2).toBeGreaterThan(50);
  });

  it('bootstraps an interval of the gap that holds it, the same on every call', () => {
    const tps = [-20, 0, 10, 20, 30, 40, 50, 60, 70, 80].map((s) => tp(`t${s}`, s));
    const a = quintiles('nps', tps);
    const b = quintiles('nps', [...tps].reverse());
    expect(a.bootstrap).toBe(1000);
    expect(a.gapLow).not.toBeNull();
    expect(a.gapLow ?? 0).toBeLessThan(a.gap ?? 0);
    expect(a.gapHigh ?? 0).toBeGreaterThan(a.gap ?? 0);
    // gap 90 from n = 100 per touchpoint: the interval is some ±20 points, not ±1 and not ±100
    expect((a.gapHigh ?? 0) - (a.gapLow ?? 0)).toBeGreaterThan(10);
    expect((a.gapHigh ?? 0) - (a.gapLow ?? 0)).toBeLessThan(60);
    expect([b.gapLow, b.gapHigh]).toEqual([a.gapLow, a.gapHigh]);
    const none = quintiles('nps', tps, { bootstrap: 0 });
    expect([none.gapLow, none.gapHigh, none.bootstrap]).toEqual([null, null, 0]);
  });

  it('warns when fewer than ten touchpoints take part', () => {
    const q = quintiles(
      'nps',
      [10, 20, 30, 40, 50, 60].map((s) => tp(`t${s}`, s)),
      { bootstrap: 0 },
    );
    expect(q.warning).toMatch(/Only 6 touchpoints/);
    expect(q.reading).not.toBe('insufficient-data');
  });

  it('spreads fewer than five touchpoints symmetrically and gives no reading', () => {
    // positions (i + ½)·5/3 = 0.83, 2.5, 4.17 → quintiles 1, 3, 5
    const q = quintiles('nps', [tp('a', 10), tp('b', 20), tp('c', 30)], { bootstrap: 0 });
    expect(q.quintiles.map((g) => g.keys)).toEqual([['a'], [], ['b'], [], ['c']]);
    expect(q.quintiles[1]).toMatchObject({ size: 0, n: 0, score: null, weightedScore: null });
    expect(q.gap).toBe(20);
    expect(q.reading).toBe('insufficient-data');
  });

  it('gives no gap for a single touchpoint or none', () => {
    const one = quintiles('nps', [tp('a', 10)]);
    expect(one.gap).toBe(0);
    expect(one.gapLow).toBeNull();
    expect(one.heterogeneity).toBeNull();
    const none = quintiles('nps', []);
    expect(none.gap).toBeNull();
    expect(none.reading).toBe('insufficient-data');
  });

  it('keeps tied scores in the same quintile', () => {
    // 20, 20 sit at positions 1 and 2: mean position 1.5 + ½ = 2 → 2·5/5 = 2 → quintile 3
    const q = quintiles('nps', [tp('a', 10), tp('b', 20), tp('c', 20), tp('d', 30), tp('e', 40)], {
      bootstrap: 0,
    });
    expect(q.quintiles.map((g) => g.keys)).toEqual([['a'], [], ['b', 'c'], ['d'], ['e']]);
  });

  it('reads touchpoints that all score the same as systemic', () => {
    const q = quintiles(
      'nps',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => tp(k, 50)),
    );
    expect(q.quintiles[2]?.keys).toHaveLength(6);
    expect(q.gap).toBe(0);
    expect([q.gapLow, q.gapHigh]).toEqual([0, 0]); // one group is both top and bottom
    expect(q.heterogeneity?.q).toBeCloseTo(0, 10);
    expect(q.reading).toBe('systemic');
  });

  it('leaves out touchpoints under the minimum n or without answers', () => {
    const q = quintiles('nps', [
      ...[10, 20, 30, 40, 50].map((s) => tp(`t${s}`, s)),
      tp('tiny', 100, 12),
      { key: 'silent', histogram: new Map() },
    ]);
    expect(q.excluded).toEqual(['tiny', 'silent']);
    expect(q.quintiles.flatMap((g) => g.keys)).not.toContain('tiny');
  });

  it('gives the unweighted mean as the score and the n-weighted mean beside it', () => {
    // quintile 1 holds (n 100, score 0) and (n 300, score 40): unweighted 20, weighted 12000/400 = 30
    const rows = [tp('a', 0, 100), tp('b', 40, 300), ...[50, 60, 70, 80, 90, 94, 96, 98].map((s) => tp(`t${s}`, s))];
    const q = quintiles('nps', rows, { bootstrap: 0 });
    expect(q.quintiles[0]).toMatchObject({ keys: ['a', 'b'], n: 400, score: 20, weightedScore: 30 });
  });

  it('works for a mean metric (CES) on its own scale', () => {
    const ces = (key: string, fives: number, sevens: number): QuintileInput => ({
      key,
      histogram: new Map([
        [5, fives],
        [7, sevens],
      ]),
    });
    const q = quintiles('ces', [
      ces('a', 90, 10),
      ces('b', 50, 50),
      ces('c', 50, 50),
      ces('d', 50, 50),
      ces('e', 10, 90),
    ]);
    expect(q.gap).toBeCloseTo(6.8 - 5.2, 12);
    expect(q.reading).toBe('focus-on-bottom');
  });
});
