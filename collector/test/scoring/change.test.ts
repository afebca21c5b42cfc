import { describe, expect, it } from 'vitest';
import { holm, scoreChange } from '../../src/scoring/change.js';
import { histogramFromEntries, histogramOf } from '../../src/scoring/histogram.js';
import { leaderboard } from '../../src/scoring/leaderboard.js';

/** A histogram of p promoters (10), q passives (8) and d detractors (0). */
const npsOf = (p: number, q: number, d: number) =>
  histogramFromEntries([
    [10, p],
    [8, q],
    [0, d],
  ]);

describe('change against the previous period', () => {
  it('gives NPS change a two-sample adjusted-Wald interval and p-value', () => {
    // Now 20/10/10 of 40: n' = 43, p̂P = 20.75/43, p̂D = 10.75/43 → centre 23.2558, SE 12.5612.
    // Before 10/20/10: p̂P = p̂D = 10.75/43 → centre 0, SE = √(0.5/43) = 10.7833.
    // d = 23.2558 ± 1.96·√(12.5612² + 10.7833²) = 23.2558 ± 32.4469; z = 1.4048 → p = 0.1601.
    const c = scoreChange('nps', npsOf(20, 10, 10), npsOf(10, 20, 10));
    expect(c?.change).toBe(25);
    expect(c?.low).toBeCloseTo(-9.1911, 3);
    expect(c?.high).toBeCloseTo(55.7028, 3);
    expect(c?.p).toBeCloseTo(0.1601, 3);
  });

  it('calls a large CSAT change significant and an equal one not', () => {
    const good = histogramOf([...Array<number>(40).fill(5), ...Array<number>(10).fill(1)]);
    const bad = histogramOf([...Array<number>(10).fill(5), ...Array<number>(40).fill(1)]);
    expect(scoreChange('csat', good, bad)?.p).toBeLessThan(0.001);
    expect(scoreChange('csat', good, good)?.p).toBeCloseTo(1, 6);
    expect(scoreChange('ces', histogramOf([7, 6, 7, 6]), histogramOf([2, 1, 2, 1]))?.p).toBeLessThan(0.001);
  });

  it('adjusts p-values step-down by Holm', () => {
    // sorted 0.01, 0.02, 0.04 → 3·0.01 = 0.03, 2·0.02 = 0.04, max(0.04, 1·0.04) = 0.04
    expect(holm([0.04, 0.01, 0.02]).map((p) => Number(p.toFixed(6)))).toEqual([0.04, 0.03, 0.04]);
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });

  it('marks leaderboard changes after Holm and hides them when either n is under minN', () => {
    const rows = leaderboard(
      'nps',
      [
        { key: 'up', histogram: npsOf(30, 5, 5), previous: npsOf(5, 5, 30) },
        { key: 'flat', histogram: npsOf(20, 10, 10), previous: npsOf(20, 10, 10) },
        { key: 'thin', histogram: npsOf(30, 5, 5), previous: npsOf(1, 0, 0) },
      ],
      { minN: 30 },
    );
    const by = new Map(rows.map((r) => [r.key, r]));
    expect(by.get('up')).toMatchObject({ change: 125, significant: true });
    expect(by.get('flat')).toMatchObject({ change: 0, significant: false });
    expect(by.get('thin')).toMatchObject({ change: null, changeLow: null, changeP: null, significant: null });
  });
});
