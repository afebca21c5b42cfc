import { describe, expect, it } from 'vitest';
import { addDays, bucketOf, bucketsBetween, parseDay } from '../../src/scoring/calendar.js';

describe('calendar buckets', () => {
  it('puts a Sunday in the ISO week that started the Monday before', () => {
    // 2026-11-22 is a Sunday in ISO week 47 (Mon 16 – Sun 22 November)
    expect(bucketOf('2026-11-22', 'week')).toEqual({ key: '2026-W47', start: '2026-11-16', end: '2026-11-22' });
  });

  it('numbers weeks in the ISO week-year of their Thursday', () => {
    // 2026-01-01 is a Thursday: week 1 of 2026 starts Monday 2025-12-29
    expect(bucketOf('2026-01-01', 'week')).toEqual({ key: '2026-W01', start: '2025-12-29', end: '2026-01-04' });
    // 2027-01-01 is a Friday: it belongs to week 53 of 2026
    expect(bucketOf('2027-01-01', 'week').key).toBe('2026-W53');
    // 2021-01-03 is a Sunday in week 53 of 2020
    expect(bucketOf('2021-01-03', 'week').key).toBe('2020-W53');
  });

  it('spans a whole calendar month, leap days included', () => {
    expect(bucketOf('2024-02-10', 'month')).toEqual({ key: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    expect(bucketOf('2026-12-31', 'month').end).toBe('2026-12-31');
  });

  it('makes each day its own bucket', () => {
    expect(bucketOf('2026-03-29', 'day')).toEqual({ key: '2026-03-29', start: '2026-03-29', end: '2026-03-29' });
  });

  it('lists every bucket between two days', () => {
    expect(bucketsBetween('2026-01-30', '2026-03-01', 'month').map((b) => b.key)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(bucketsBetween('2026-11-18', '2026-12-01', 'week').map((b) => b.key)).toEqual([
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
    expect(bucketsBetween('2026-01-02', '2026-01-01', 'day')).toEqual([]);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('rejects a malformed or impossible day', () => {
    expect(() => parseDay('2026/01/01')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDay('2026-02-30')).toThrow(/no such day/);
  });
});
