/**
 * Days in a site's own time zone (IANA names, e.g. 'Europe/Berlin'), read from the runtime's time zone
 * data through Intl: which local day an instant falls on, and the instant a local day starts (the
 * window bounds of a `from`/`before` given as local dates). DST-safe: a local day is 23, 24 or 25 hours
 * long, and where a transition skips midnight the day starts at the first instant that exists.
 */
import { parseDay } from './calendar.js';

/** Milliseconds in an hour. */
const HOUR_MS = 3_600_000;
/** UTC offsets run from −12:00 to +14:00, so local midnight lies within this far of UTC midnight. */
const MAX_AHEAD_MS = 14 * HOUR_MS;
const MAX_BEHIND_MS = 12 * HOUR_MS;
/** The time zone of a site that has not set one. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** One formatter per time zone: building one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `name` is a time zone the runtime knows (an IANA name such as 'America/New_York', or 'UTC'). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** An ISO 8601 UTC timestamp as the stores write them: its first ten characters are its UTC day. */
const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Width of the spans whose local day is cached: every offset in use is a multiple of 15 minutes. */
const SLOT_MS = 15 * 60_000;
/** Spans cached per time zone before its cache starts afresh (about five years of 15-minute spans). */
const MAX_CACHED_SLOTS = 200_000;
/** time zone → 15-minute span (epoch ms / SLOT_MS) → its local day, for spans that lie within one local day */
const slotDays = new Map<string, Map<number, string>>();

/** The local day of an instant, straight from the time zone data. */
function formatDayIn(ms: number, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/**
 * The local 'YYYY-MM-DD' of an instant (epoch ms or ISO 8601 text) in `timeZone`. Rollups and scans call it
 * per row, so the day of each 15-minute span is cached: local days only move forward with time, so a span
 * whose first and last millisecond fall on one day lies wholly in it (others are not cached).
 */
export function localDay(instant: number | string, timeZone: string): string {
  if (timeZone === DEFAULT_TIME_ZONE && typeof instant === 'string' && STORED_UTC.test(instant)) {
    return instant.slice(0, 10);
  }
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: '${String(instant)}'`);
  if (timeZone === DEFAULT_TIME_ZONE) return new Date(ms).toISOString().slice(0, 10);
  let days = slotDays.get(timeZone);
  if (days === undefined || days.size >= MAX_CACHED_SLOTS) slotDays.set(timeZone, (days = new Map()));
  const slot = Math.floor(ms / SLOT_MS);
  const cached = days.get(slot);
  if (cached !== undefined) return cached;
  const first = formatDayIn(slot * SLOT_MS, timeZone);
  if (formatDayIn((slot + 1) * SLOT_MS - 1, timeZone) !== first) return formatDayIn(ms, timeZone);
  days.set(slot, first);
  return first;
}

/**
 * The first instant (epoch ms) of local day `day` in `timeZone`: the earliest instant whose local day is
 * `day` or later, found by bisection (local days only move forward as time does).
 */
export function localDayStart(day: string, timeZone: string): number {
  const midnightUtc = parseDay(day);
  if (timeZone === DEFAULT_TIME_ZONE) return midnightUtc;
  let low = midnightUtc - MAX_AHEAD_MS - HOUR_MS; // still the day before, everywhere
  let high = midnightUtc + MAX_BEHIND_MS + HOUR_MS; // already `day` or later, everywhere
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (localDay(mid, timeZone) >= day) high = mid;
    else low = mid;
  }
  return high;
}
