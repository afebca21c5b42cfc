import { addDays, bucketOf, formatDay } from '../scoring/calendar.js';

/**
 * The week rollups of both stores (migration 032): each day rollup table beside a table of the same counts
 * summed over an ISO week of the site's own days, keyed by the week's Monday, for weeks before a horizon. A
 * window reads its whole weeks before the horizon from the week rows and its other days from the day rows
 * (sqlite/week-tier.ts, postgres/week-tier.ts); the writer moves the horizon on as weeks end.
 */

/** Days between the end of a week and its move behind the horizon: every site's own Sunday is over by then. */
const HORIZON_LAG_DAYS = 2;
/** How often a writer looks whether the horizon can move (it moves once a week). */
export const HORIZON_CHECK_MS = 10 * 60_000;

/** Each day table with a week table beside it. */
export const WEEK_TABLE = {
  score_rollups: 'score_week_rollups',
  var_level_rollups: 'var_level_week_rollups',
  var_cell_rollups: 'var_cell_week_rollups',
  var_pair_rollups: 'var_pair_week_rollups',
} as const;

/** A day table that has week rows. */
export type TieredTable = keyof typeof WEEK_TABLE;

/** Whether `table` has week rows. */
export const isTiered = (table: string): table is TieredTable => table in WEEK_TABLE;

/** Each week table's key columns besides the week (and PostgreSQL's shard), as its day table names them. */
export const WEEK_KEYS: Record<TieredTable, readonly string[]> = {
  score_rollups: ['site', 'survey', 'touchpoint', 'channel', 'question', 'qtype', 'value'],
  var_level_rollups: ['site', 'variable', 'survey', 'question', 'qtype', 'level', 'value'],
  var_cell_rollups: ['site', 'variable', 'survey', 'touchpoint', 'channel', 'question', 'qtype', 'level'],
  var_pair_rollups: ['site', 'survey', 'question', 'qtype', 'variable_a', 'level_a', 'variable_b', 'level_b'],
};

/** The horizon `now` allows: the Monday of the week holding the day HORIZON_LAG_DAYS before (UTC). */
export function horizonAt(now: number): string {
  return bucketOf(formatDay(now - HORIZON_LAG_DAYS * 86_400_000), 'week').start;
}

/** The whole ISO weeks inside from…to (both inclusive): the first and last Monday, and the last Sunday. */
export function wholeWeeks(from: string, to: string): { first: string; last: string; end: string } | null {
  const holding = bucketOf(from, 'week');
  const first = holding.start === from ? from : addDays(holding.start, 7);
  const closing = bucketOf(to, 'week');
  const end = closing.end === to ? to : addDays(closing.start, -1);
  if (first > end) return null;
  return { first, last: addDays(end, -6), end };
}

/** The whole weeks of from…to that have week rows: those before `horizon` (a Monday). */
export function weeksBefore(horizon: string, from: string, to: string): ReturnType<typeof wholeWeeks> {
  const last = addDays(horizon, -1);
  return wholeWeeks(from, last < to ? last : to);
}
