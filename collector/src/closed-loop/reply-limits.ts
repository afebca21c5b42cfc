/**
 * What keeps the closed loop from being a mail relay: posting answers is public, so whoever posts a
 * `contact` answer chooses where a reply goes. Replies carry no respondent text but a checked first name,
 * go to one address at most once per site in `REPLY_INTERVAL_DAYS`, and a site sends at most its daily cap.
 */

/** A person thanked once is not thanked again for a month, however many answers name their address. */
export const REPLY_INTERVAL_DAYS = 30;
/** Replies a site sends per UTC day unless its settings say otherwise: a busy shop's honest promoters, not a spam run. */
export const DEFAULT_DAILY_REPLY_CAP = 200;
/** The longest name a reply greets with; a longer one is more likely a message than a name. */
export const MAX_NAME_CHARS = 40;
/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/** A name: words of letters (any script, with their marks), joined by single spaces, hyphens or apostrophes. */
const NAME = /^\p{L}\p{M}*(?:[\p{L}\p{M}]|[ '’-](?=\p{L}))*$/u;

/**
 * The first name to greet a respondent with, or '' (the template's fallback) when `raw` is not a short,
 * single-line name: anything with digits, punctuation, a link or a line break renders nothing of it.
 */
export function firstName(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME_CHARS || !NAME.test(name)) return '';
  return name.split(' ')[0] ?? '';
}

/** The e-mail address as compared for "already replied": case-insensitive, surrounding space ignored. */
export function normalAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The earliest reply time that still counts as "replied recently" at `now`. */
export function replyIntervalStart(now: string): string {
  return new Date(Date.parse(now) - REPLY_INTERVAL_DAYS * DAY_MS).toISOString();
}

/** Midnight UTC starting the day of `now`: the daily cap counts replies sent since then. */
export function dayStart(now: string): string {
  return `${now.slice(0, 10)}T00:00:00.000Z`;
}

/**
 * Splits e-mails due now into those to send and those over their site's daily cap, in the order given.
 * `sentToday` and `cap` are per site; a site not in `cap` has the default cap. Pure.
 */
export function allocateReplies<T extends { site: string }>(
  due: readonly T[],
  sentToday: ReadonlyMap<string, number>,
  cap: ReadonlyMap<string, number>,
): { send: T[]; overCap: T[] } {
  const used = new Map(sentToday);
  const send: T[] = [];
  const overCap: T[] = [];
  for (const d of due) {
    const n = used.get(d.site) ?? 0;
    if (n >= (cap.get(d.site) ?? DEFAULT_DAILY_REPLY_CAP)) {
      overCap.push(d);
    } else {
      used.set(d.site, n + 1);
      send.push(d);
    }
  }
  return { send, overCap };
}
