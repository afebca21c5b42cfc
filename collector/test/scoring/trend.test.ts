import { describe, expect, it } from 'vitest';
import { histogramOf } from '../../src/scoring/histogram.js';
import { trend, type DayHistogram } from '../../src/scoring/trend.js';

const days: DayHistogram[] = [
  // ISO week 46 (Mon 9 – Sun 15 Nov 2026): 10, 10 | 0 → P 2, D 1 of 3 → NPS 33.3
  { day: '2026-11-09', histogram: histogramOf([10, 10]) },
  { day: '2026-11-15', histogram: histogramOf([0]) },
  // week 47: nothing; week 48 (Mon 23 – Sun 29): 9, 8 → P 1, Pa 1 → NPS 50
  { day: '2026-11-24', histogram: histogramOf([9, 8]) },
];

describe('trend', () => {
  it('merges the days of each ISO week and scores them', () => {
    const points = trend('nps', days, 'week');
    expect(points.map((p) => [p.key, p.start, p.n, p.score])).toEqual([
      ['2026-W46', '2026-11-09', 3, 100 / 3],
      ['2026-W47', '2026-11-16', 0, null],
      ['2026-W48', '2026-11-23', 2, 50],
    ]);
  });

  it('gives every point its own interval', () => {
    const [w46, w47] = trend('nps', days, 'week');
    expect(w46?.low).toBeLessThan(w46?.score ?? 0);
    expect(w46?.high).toBeGreaterThan(w46?.score ?? 0);
    expect(w47).toMatchObject({ low: null, high: null });
  });

  it('keeps empty days as gaps in a daily trend', () => {
    const points = trend('nps', days, 'day', { from: '2026-11-09', to: '2026-11-11' });
    expect(points.map((p) => [p.key, p.n])).toEqual([
      ['2026-11-09', 2],
      ['2026-11-10', 0],
      ['2026-11-11', 0],
    ]);
  });

  it('sums a month and ignores days outside the range', () => {
    const points = trend('nps', [...days, { day: '2026-12-01', histogram: histogramOf([0, 0]) }], 'month', {
      to: '2026-11-30',
    });
    // November: 10, 10, 0, 9, 8 → P 3, Pa 1, D 1 of 5 → 40
    expect(points.map((p) => [p.key, p.n, p.score])).toEqual([['2026-11', 5, 40]]);
  });

  it('returns no points when there are no days and no range', () => {
    expect(trend('csat', [], 'day')).toEqual([]);
  });

  it('rejects a malformed day', () => {
    expect(() => trend('nps', [{ day: '24/11/2026', histogram: histogramOf([9]) }], 'day')).toThrow(RangeError);
  });
});
