import { ValidationError } from '../errors.js';
import { addDays, parseDay } from '../scoring/index.js';
import { DEFAULT_TIME_ZONE, localDay } from '../scoring/time-zone.js';
import type { ScoreFilter } from '../store/store.js';

/** Days a score covers when the query names no `from`: the last 90 days, today included. */
export const DEFAULT_WINDOW_DAYS = 90;
/** Longest window a query may ask for (ten years of daily trend points is already a lot). */
export const MAX_WINDOW_DAYS = 3660;
/** Milliseconds in a day. */
const DAY_MS = 86_400_000;
/** The prefix of variable filters and variable breakdowns in a query. */
export const VAR_PREFIX = 'var.';

/** The filter part of a score query as the route hands it over. */
export interface FilterParams {
  from?: string | undefined;
  to?: string | undefined;
  survey?: string | undefined;
  touchpoint?: string | undefined;
  channel?: ScoreFilter['channel'] | undefined;
  verified?: 'receipt' | undefined;
  /** the site's IANA time zone (set by the route from the site, never by the query): its local days */
  timeZone?: string | undefined;
  [key: string]: unknown;
}

/** Days from..to, inclusive. */
export const windowDays = (f: { from: string; to: string }): number => (parseDay(f.to) - parseDay(f.from)) / DAY_MS + 1;

/**
 * The store filter of a query: the window (default: the last 90 days, today being the site's local day)
 * and every `var.<name>` filter. `from` and `to` are local days of the site's time zone.
 */
export function scoreFilter(q: FilterParams, now = Date.now()): ScoreFilter {
  const timeZone = q.timeZone ?? DEFAULT_TIME_ZONE;
  const to = q.to ?? localDay(now, timeZone);
  const from = q.from ?? addDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  if (from > to) throw new ValidationError('from: must not be after `to`');
  if (windowDays({ from, to }) > MAX_WINDOW_DAYS) throw new ValidationError(`from: at most ${MAX_WINDOW_DAYS} days`);
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(q)) {
    if (key.startsWith(VAR_PREFIX) && typeof value === 'string') vars[key.slice(VAR_PREFIX.length)] = value;
  }
  return {
    from,
    to,
    timeZone,
    ...(q.survey !== undefined ? { survey: q.survey } : {}),
    ...(q.touchpoint !== undefined ? { touchpoint: q.touchpoint } : {}),
    ...(q.channel !== undefined ? { channel: q.channel } : {}),
    ...(q.verified !== undefined ? { verified: q.verified } : {}),
    ...(Object.keys(vars).length > 0 ? { vars } : {}),
  };
}

/** The period of the same length just before a window, for the leaderboard's change. */
export function previousWindow(f: ScoreFilter): ScoreFilter {
  const days = windowDays(f);
  return { ...f, from: addDays(f.from, -days), to: addDays(f.from, -1) };
}
