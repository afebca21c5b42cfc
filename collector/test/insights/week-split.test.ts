import { describe, expect, it } from 'vitest';
import { weekSplit } from '../../src/insights/insight-views.js';

const DAY_MS = 86_400_000;
const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('weekSplit: whole ISO weeks from the weekly rollups, the edge days from the daily ones', () => {
  it('splits 2026-06-06 (a Saturday) to 2026-09-03 (a Thursday) into 12 weeks and 6 edge days', () => {
    expect(weekSplit('2026-06-06', '2026-09-03')).toEqual({
      weeks: { first: '2026-06-08', last: '2026-08-24' },
      days: [
        { from: '2026-06-06', to: '2026-06-07' },
        { from: '2026-08-31', to: '2026-09-03' },
      ],
    });
  });

  it('reads a window of whole weeks from weeks only, and one without a whole week from days only', () => {
    expect(weekSplit('2026-06-01', '2026-06-14')).toEqual({
      weeks: { first: '2026-06-01', last: '2026-06-08' },
      days: [],
    });
    expect(weekSplit('2026-06-02', '2026-06-07')).toEqual({
      weeks: null,
      days: [{ from: '2026-06-02', to: '2026-06-07' }],
    });
    expect(weekSplit('2026-06-03', '2026-06-03')).toEqual({
      weeks: null,
      days: [{ from: '2026-06-03', to: '2026-06-03' }],
    });
  });

  it('covers every day of any window exactly once, over a year of start days and lengths', () => {
    for (const start of days('2025-12-20', '2026-01-10')) {
      for (const length of [1, 6, 7, 8, 13, 14, 15, 90, 365]) {
        const to = new Date(Date.parse(start) + (length - 1) * DAY_MS).toISOString().slice(0, 10);
        const { weeks, days: edges } = weekSplit(start, to);
        const covered = edges.flatMap((e) => days(e.from, e.to));
        if (weeks) {
          expect(new Date(`${weeks.first}T00:00:00Z`).getUTCDay(), `${start} +${length}`).toBe(1);
          covered.push(...days(weeks.first, new Date(Date.parse(weeks.last) + 6 * DAY_MS).toISOString().slice(0, 10)));
        }
        expect(covered.sort(), `${start} +${length}`).toEqual(days(start, to));
      }
    }
  });
});
