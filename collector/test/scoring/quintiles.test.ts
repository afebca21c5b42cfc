import { describe, expect, it } from 'vitest';
import { quintiles, type ScoredTouchpoint } from '../../src/scoring/quintiles.js';

/** A touchpoint with n = 100 and an interval of the given full width around its score. */
const tp = (key: string, score: number, width = 10, n = 100): ScoredTouchpoint => ({
  key,
  n,
  score,
  low: score - width / 2,
  high: score + width / 2,
});

describe('quintile analysis', () => {
  it('puts two touchpoints in each quintile out of ten', () => {
    const q = quintiles(
      'nps',
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((s) => tp(`t${s}`, s)),
    );
    expect(q.quintiles.map((g) => g.keys)).toEqual([
      ['t10', 't20'],
      ['t30', 't40'],
      ['t50', 't60'],
      ['t70', 't80'],
      ['t90', 't100'],
    ]);
    expect(q.quintiles.map((g) => g.score)).toEqual([15, 35, 55, 75, 95]);
  });

  it('reads a large top-vs-bottom gap as "focus on the bottom 20%"', () => {
    // gap = 95 − 15 = 80; threshold = max(1 × median width 10, 5% of 200 = 10) = 10 → 80 > 10
    const q = quintiles(
      'nps',
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((s) => tp(`t${s}`, s)),
    );
    expect(q.gap).toBe(80);
    expect(q.typicalWidth).toBe(10);
    expect(q.threshold).toBe(10);
    expect(q.reading).toBe('focus-on-bottom');
    expect(q.readingText).toMatch(/bottom 20%/);
  });

  it('reads a gap within the touchpoints’ own uncertainty as systemic', () => {
    // scores 30..39, intervals 20 wide: gap = 38.5 − 30.5 = 8 < 20
    const q = quintiles(
      'nps',
      [30, 31, 32, 33, 34, 35, 36, 37, 38, 39].map((s) => tp(`t${s}`, s, 20)),
    );
    expect(q.gap).toBe(8);
    expect(q.reading).toBe('systemic');
    expect(q.readingText).toMatch(/systemic, not local/);
  });

  it('reads a statistically clear but small gap as systemic (10-point practical floor)', () => {
    // intervals only 2 wide (huge samples), gap 8 NPS points < 5% of 200 = 10
    const q = quintiles(
      'nps',
      [30, 31, 32, 33, 34, 35, 36, 37, 38, 39].map((s) => tp(`t${s}`, s, 2)),
    );
    expect(q.threshold).toBe(10);
    expect(q.reading).toBe('systemic');
  });

  it('scales the practical floor to the metric: 0.3 points for CES', () => {
    const q = quintiles(
      'ces',
      [5.0, 5.1, 5.2, 5.3, 5.4].map((s) => tp(`t${s}`, s, 0.1)),
    );
    expect(q.threshold).toBeCloseTo(0.3, 12);
    expect(q.gap).toBeCloseTo(0.4, 12);
    expect(q.reading).toBe('focus-on-bottom');
  });

  it('spreads fewer than five touchpoints symmetrically and gives no reading', () => {
    // positions (i + ½)·5/3 = 0.83, 2.5, 4.17 → quintiles 1, 3, 5
    const q = quintiles('nps', [tp('a', 10), tp('b', 20), tp('c', 30)]);
    expect(q.quintiles.map((g) => g.keys)).toEqual([['a'], [], ['b'], [], ['c']]);
    expect(q.quintiles[1]).toMatchObject({ n: 0, score: null, weightedScore: null });
    expect(q.gap).toBe(20);
    expect(q.reading).toBe('insufficient-data');
  });

  it('gives no gap for a single touchpoint or none', () => {
    expect(quintiles('nps', [tp('a', 10)]).gap).toBe(0);
    const none = quintiles('nps', []);
    expect(none.gap).toBeNull();
    expect(none.typicalWidth).toBeNull();
    expect(none.reading).toBe('insufficient-data');
  });

  it('keeps tied scores in the same quintile', () => {
    // 20, 20 sit at positions 1 and 2: mean position 1.5 + ½ = 2 → 2·5/5 = 2 → quintile 3
    const q = quintiles('nps', [tp('a', 10), tp('b', 20), tp('c', 20), tp('d', 30), tp('e', 40)]);
    expect(q.quintiles.map((g) => g.keys)).toEqual([['a'], [], ['b', 'c'], ['d'], ['e']]);
  });

  it('reads touchpoints that all score the same as systemic', () => {
    const q = quintiles(
      'nps',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => tp(k, 50)),
    );
    expect(q.quintiles[2]?.keys).toHaveLength(6);
    expect(q.gap).toBe(0);
    expect(q.reading).toBe('systemic');
  });

  it('leaves out touchpoints under the minimum n or without a score', () => {
    const q = quintiles('nps', [
      ...[10, 20, 30, 40, 50].map((s) => tp(`t${s}`, s)),
      tp('tiny', 99, 60, 12),
      { key: 'silent', n: 0, score: null, low: null, high: null },
    ]);
    expect(q.excluded).toEqual(['tiny', 'silent']);
    expect(q.quintiles.flatMap((g) => g.keys)).not.toContain('tiny');
  });

  it('gives the unweighted mean as the score and the n-weighted mean beside it', () => {
    // quintile 1 holds (n 100, score 0) and (n 300, score 40): unweighted 20, weighted 12000/400 = 30
    const rows = [
      tp('a', 0, 10, 100),
      tp('b', 40, 10, 300),
      ...[50, 60, 70, 80, 90, 95, 97, 99].map((s) => tp(`t${s}`, s)),
    ];
    const q = quintiles('nps', rows);
    expect(q.quintiles[0]).toMatchObject({ keys: ['a', 'b'], n: 400, score: 20, weightedScore: 30 });
  });
});
