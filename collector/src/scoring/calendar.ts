/**
 * Calendar arithmetic on 'YYYY-MM-DD' day strings in UTC, for trend buckets: days, ISO 8601 weeks
 * (starting Monday, numbered in the ISO week-year that holds the week's Thursday) and months.
 */

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;
/** Days in a week. */
const WEEK_DAYS = 7;
/** getUTCDay() numbers Sunday 0 … Saturday 6; ISO numbers Monday 1 … Sunday 7. */
const ISO_SUNDAY = 7;
/** An ISO week belongs to the year of its Thursday, three days after its Monday. */
const MONDAY_TO_THURSDAY = 3;
/** A calendar day as the rollups key it. */
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How trend points are bucketed. */
export type Granularity = 'day' | 'week' | 'month';

/** One trend bucket: a stable key and its first and last day (inclusive). */
export interface Bucket {
  /** '2026-11-22', '2026-W47' or '2026-11' */
  key: string;
  start: string;
  end: string;
}

/** Milliseconds since the epoch of a 'YYYY-MM-DD' day at 00:00 UTC; throws on anything else. */
export function parseDay(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (match === null) throw new RangeError(`a day must be written YYYY-MM-DD, got '${day}'`);
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    throw new RangeError(`no such day: '${day}'`);
  }
  return ms;
}

/** The 'YYYY-MM-DD' of an epoch-milliseconds instant, in UTC. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `days` after `day` (negative goes back). */
export function addDays(day: string, days: number): string {
  return formatDay(parseDay(day) + days * DAY_MS);
}

/** The ISO week bucket holding `day`: Monday to Sunday, key 'YYYY-Www'. */
function weekOf(day: string): Bucket {
  const ms = parseDay(day);
  const isoWeekday = new Date(ms).getUTCDay() || ISO_SUNDAY;
  const monday = ms - (isoWeekday - 1) * DAY_MS;
  const thursday = new Date(monday + MONDAY_TO_THURSDAY * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS);
  const week = Math.floor(dayOfYear / WEEK_DAYS) + 1;
  return {
    key: `${isoYear}-W${String(week).padStart(2, '0')}`,
    start: formatDay(monday),
    end: formatDay(monday + (WEEK_DAYS - 1) * DAY_MS),
  };
}

/** The bucket of the given granularity that holds `day`. */
export function bucketOf(day: string, granularity: Granularity): Bucket {
  switch (granularity) {
    case 'day':
      parseDay(day);
      return { key: day, start: day, end: day };
    case 'week':
      return weekOf(day);
    case 'month': {
      const ms = parseDay(day);
      const d = new Date(ms);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      return { key: day.slice(0, 7), start: formatDay(start), end: formatDay(next - DAY_MS) };
    }
  }
}

/** Every bucket from the one holding `from` to the one holding `to`, in order (empty if to < from). */
export function bucketsBetween(from: string, to: string, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  const last = parseDay(to);
  let bucket = bucketOf(from, granularity);
  while (parseDay(bucket.start) <= last) {
    out.push(bucket);
    bucket = bucketOf(addDays(bucket.end, 1), granularity);
  }
  return out;
}
