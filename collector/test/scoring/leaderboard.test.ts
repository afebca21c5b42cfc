import { describe, expect, it } from 'vitest';
import { EMPTY_HISTOGRAM, histogramFromEntries } from '../../src/scoring/histogram.js';
import { leaderboard } from '../../src/scoring/leaderboard.js';

/** An NPS histogram with the given promoters (10), passives (8) and detractors (3). */
const npsOf = (p: number, pa: number, d: number) =>
  histogramFromEntries([
    [10, p],
    [8, pa],
    [3, d],
  ]);

describe('leaderboard', () => {
  const board = leaderboard('nps', [
    // 100·(20 − 10)/40 = 25; previous 100·(10 − 10)/40 = 0 → change +25; 40/200 = 0.2 response rate
    { key: 'store-a', histogram: npsOf(20, 10, 10), previous: npsOf(10, 20, 10), impressions: 200 },
    // 100·(30 − 10)/50 = 40
    { key: 'store-b', histogram: npsOf(30, 10, 10), impressions: 0 },
    // 100 from 10 answers: below the minimum of 30
    { key: 'store-c', histogram: npsOf(10, 0, 0) },
    // 25 again, tied with store-a
    { key: 'store-d', histogram: npsOf(20, 10, 10), answered: 45, impressions: 90 },
    { key: 'store-e', histogram: EMPTY_HISTOGRAM },
  ]);

  it('ranks touchpoints by score, high first, giving ties the same rank', () => {
    expect(board.map((r) => [r.key, r.rank, r.score])).toEqual([
      ['store-b', 1, 40],
      ['store-a', 2, 25],
      ['store-d', 2, 25],
      ['store-c', null, 100],
      ['store-e', null, null],
    ]);
  });

  it('lists low-sample touchpoints after the ranked ones, however high they score', () => {
    expect(board.filter((r) => r.lowSample).map((r) => r.key)).toEqual(['store-c', 'store-e']);
    expect(board[3]?.score).toBeGreaterThan(board[0]?.score ?? 0);
  });

  it('reports the change against the previous period', () => {
    expect(board[1]).toMatchObject({ key: 'store-a', previous: 0, previousN: 40, change: 25, significant: false });
    expect(board[0]).toMatchObject({ key: 'store-b', previous: null, previousN: 0, change: null });
  });

  it('reports the response rate, null without impressions', () => {
    expect(board.map((r) => r.responseRate)).toEqual([null, 0.2, 0.5, null, null]);
  });

  it('carries n and the interval of each row', () => {
    expect(board[0]?.n).toBe(50);
    expect(board[0]?.low).toBeLessThan(40);
    expect(board[0]?.high).toBeGreaterThan(40);
    expect(board[4]).toMatchObject({ n: 0, low: null, high: null });
  });

  it('ranks everyone with an answer when minN is lowered', () => {
    const all = leaderboard(
      'nps',
      [
        { key: 'x', histogram: npsOf(1, 0, 0) },
        { key: 'y', histogram: EMPTY_HISTOGRAM },
      ],
      {
        minN: 0,
      },
    );
    expect(all.map((r) => [r.key, r.rank, r.lowSample])).toEqual([
      ['x', 1, false],
      ['y', null, true],
    ]);
  });

  it('works for any metric, here CSAT', () => {
    const csat = leaderboard(
      'csat',
      [
        {
          key: 'a',
          histogram: histogramFromEntries([
            [5, 30],
            [1, 10],
          ]),
        },
        { key: 'b', histogram: histogramFromEntries([[4, 40]]) },
      ],
      {},
    );
    expect(csat.map((r) => [r.key, r.score])).toEqual([
      ['b', 100],
      ['a', 75],
    ]);
  });

  it('rejects a negative minimum n', () => {
    expect(() => leaderboard('nps', [], { minN: -1 })).toThrow(RangeError);
  });
});
