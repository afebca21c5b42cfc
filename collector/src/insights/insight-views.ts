import { LIMITS, MAX_VAR_FILTERS, VAR_FILTER_KEY, type StaffRoster } from '@touchpoint/shared';
import { ValidationError } from '../errors.js';
import { histogramFromEntries } from '../scoring/histogram.js';
import { nps } from '../scoring/nps.js';
import type { EmergingComment } from './emerging.js';
import { themeImpact, type BandCounts } from './impact.js';
import type { Span, Taxonomy } from './types.js';

// The insight views' dialect-neutral half: windows and segments of a query, and what each view makes of the
// rows a store reads (sqlite-insight-views.ts, store/postgres/insight-views.ts). Stores only run the SQL.

/** Days a view covers when `from` is not given: 90, like the score views. */
const DEFAULT_DAYS = 90;
const DAY_MS = 86_400_000;

/** A view's window and touchpoint. */
export interface InsightWindow {
  from?: string | undefined;
  to?: string | undefined;
  touchpoint?: string | undefined;
}

/** The window's first and last day, defaulting to the 90 days up to today. */
export function windowOf(w: InsightWindow, now = new Date()): { from: string; to: string } {
  const to = w.to ?? now.toISOString().slice(0, 10);
  const from = w.from ?? new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
}

/** A segment of the responses: a channel and `var.<name>=<value>` filters, read from the response rows. */
export interface InsightSegment {
  channel?: string | undefined;
  vars: [name: string, value: string][];
}

/**
 * The segment of a view's query, or undefined without one. `known` are the query's own keys; any other must
 * be a `var.<name>` filter with one value (at most MAX_VAR_FILTERS), else a 400 naming the parameter.
 */
export function segmentOf(q: Record<string, unknown>, known: Iterable<string>): InsightSegment | undefined {
  const own = new Set(known);
  const vars: [string, string][] = [];
  for (const [key, value] of Object.entries(q)) {
    if (own.has(key) || value === undefined) continue;
    if (!VAR_FILTER_KEY.test(key) || key.length > LIMITS.id + 4) {
      throw new ValidationError(`${key}: unknown parameter (variable filters are var.<name>)`);
    }
    if (typeof value !== 'string') throw new ValidationError(`${key}: give one value`);
    if (value.length > LIMITS.varValue) throw new ValidationError(`${key}: at most ${LIMITS.varValue} characters`);
    vars.push([key.slice('var.'.length), value]);
  }
  if (vars.length > MAX_VAR_FILTERS)
    throw new ValidationError(`${vars[MAX_VAR_FILTERS]![0]}: at most ${MAX_VAR_FILTERS} var.* filters`);
  const channel = typeof q.channel === 'string' ? q.channel : undefined;
  return channel === undefined && vars.length === 0 ? undefined : { channel, vars };
}

/**
 * The JSON literal a segment's variable value also matches: "12" matches the string "12" and the number 12,
 * as the score filters do.
 */
export const varLiteral = (value: string): string =>
  /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value) ? JSON.stringify(JSON.parse(value)) : JSON.stringify(value);

/** A row of the daily insight rollups (or of the same counts computed for a segment). */
export interface RollupRow {
  day: string;
  theme: string;
  band: string;
  sentiment: string;
  touchpoint: string;
  n: number;
}

/** Byte-wise order of ids, for ties: the same on every store, whatever order its rows came in. */
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const bandCounts = (rows: { band: string; n: number }[]): BandCounts => {
  const c = { promoters: 0, detractors: 0, n: 0 };
  for (const r of rows) {
    if (r.band === 'none') continue;
    c.n += r.n;
    if (r.band === 'promoter') c.promoters += r.n;
    if (r.band === 'detractor') c.detractors += r.n;
  }
  return c;
};

/**
 * GET …/insights/themes from the window's rollup counts: volume, share, sentiment, NPS impact per theme.
 * Daily rows carry a band and a touchpoint; weekly rows carry one of them: touchpoint '' (every store, by band
 * and sentiment) or band '' (a store's count, for "by touchpoint" only).
 */
export function summariseThemes(rows: readonly Omit<RollupRow, 'day'>[], taxonomy: Taxonomy, from: string, to: string) {
  const counted = rows.filter((r) => r.band !== '');
  const of = (theme: string) => counted.filter((r) => r.theme === theme);
  const perStore = rows.filter((r) => r.touchpoint !== '');
  const all = bandCounts(of(''));
  const responses = of('').reduce((s, r) => s + r.n, 0);
  const withText = of('*').reduce((s, r) => s + r.n, 0);
  const allNps =
    all.n === 0
      ? null
      : nps(
          histogramFromEntries([
            [10, all.promoters],
            [8, all.n - all.promoters - all.detractors],
            [0, all.detractors],
          ]),
        ).score;
  const themes = taxonomy.themes.map((t) => {
    const mine = of(t.id);
    const count = mine.reduce((s, r) => s + r.n, 0);
    const sentiment = { positive: 0, neutral: 0, negative: 0 };
    for (const r of mine) sentiment[r.sentiment as keyof typeof sentiment] += r.n;
    const impact = themeImpact(bandCounts(mine), all);
    const byTouchpoint = new Map<string, number>();
    for (const r of perStore) {
      if (r.theme === t.id) byTouchpoint.set(r.touchpoint, (byTouchpoint.get(r.touchpoint) ?? 0) + r.n);
    }
    return {
      theme: t.id,
      label: t.label,
      count,
      share: withText === 0 ? 0 : count / withText,
      sentiment,
      npsImpact: impact?.impact ?? null,
      npsImpactInterval: impact ? { low: impact.low, high: impact.high } : null,
      detractors: mine.filter((r) => r.band === 'detractor').reduce((s, r) => s + r.n, 0),
      promoters: mine.filter((r) => r.band === 'promoter').reduce((s, r) => s + r.n, 0),
      byTouchpoint: [...byTouchpoint]
        .filter(([, n]) => n > 0)
        .map(([touchpoint, n]) => ({ touchpoint, count: n }))
        .sort((a, b) => b.count - a.count || byKey(a.touchpoint, b.touchpoint)),
    };
  });
  themes.sort((a, b) => b.count - a.count);
  const bands = { detractor: 0, passive: 0, promoter: 0 };
  for (const r of of('*')) if (r.band in bands) bands[r.band as keyof typeof bands] += r.n;
  return { from, to, responses, withText, withTextByBand: bands, nps: allNps, themes };
}

const dayShift = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A window as whole ISO weeks (Monday `first` to the Monday `last`, read from the weekly rollups) and the days
 * at its edges (read from the daily rollups); no weeks when the window holds no whole one.
 */
export function weekSplit(
  from: string,
  to: string,
): { weeks: { first: string; last: string } | null; days: { from: string; to: string }[] } {
  const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const first = weekday(from) === 0 ? from : dayShift(from, 7 - weekday(from));
  const lastSunday = weekday(to) === 6 ? to : dayShift(to, -weekday(to) - 1);
  const last = dayShift(lastSunday, -6);
  if (first > last) return { weeks: null, days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (from < first) days.push({ from, to: dayShift(first, -1) });
  if (lastSunday < to) days.push({ from: dayShift(lastSunday, 1), to });
  return { weeks: { first, last }, days };
}

/** The verbatim view's columns and join, alike in both dialects; a store adds its WHERE, order and page. */
export const VERBATIM_SELECT = `SELECT ri.response_id, ri.touchpoint, r.created_at, ri.score, ri.language, ri.sentiment,
  ri.question, ri.analysis, r.answers FROM response_insights ri JOIN responses r ON r.id = ri.response_id`;
/** Newest first, the same on every store. */
export const VERBATIM_ORDER = 'ORDER BY ri.day DESC, r.created_at DESC, ri.response_id DESC';

/** A row of VERBATIM_SELECT with its JSON parsed: the analysis (spans) and the answers as stored now. */
export interface VerbatimRow {
  response_id: string;
  touchpoint: string;
  created_at: string;
  score: number | null;
  language: string | null;
  sentiment: string | null;
  question: string;
  analysis: {
    themes: { theme: string; sentiment: string; spans: Span[] }[];
    staff: { staff: string; sentiment: string; spans: Span[] }[];
  };
  answers: Record<string, unknown>;
}

/** One item of GET …/insights/verbatims; staff names only when `withNames`. */
export function verbatimItem(r: VerbatimRow, roster: StaffRoster, withNames: boolean) {
  const names = new Map(roster.staff.map((s) => [s.id, s.name]));
  const text = r.answers[r.question];
  return {
    responseId: r.response_id,
    touchpoint: r.touchpoint,
    createdAt: r.created_at,
    score: r.score,
    language: r.language,
    sentiment: r.sentiment,
    // The answer as stored now: a later anonymisation or edit shows, never a stale copy.
    text: typeof text === 'string' ? text : '',
    themes: r.analysis.themes.map((t) => ({ theme: t.theme, sentiment: t.sentiment, spans: t.spans })),
    staff: r.analysis.staff.map((s) => ({
      staff: s.staff,
      ...(withNames ? { name: names.get(s.staff) ?? s.staff } : {}),
      sentiment: s.sentiment,
      spans: s.spans,
    })),
  };
}

/** GET …/insights/staff from mention counts per store, person and sentiment. */
export function staffKudosOf(
  rows: readonly { touchpoint: string; staff: string; sentiment: string; n: number }[],
  roster: StaffRoster,
  withNames: boolean,
) {
  const names = new Map(roster.staff.map((s) => [s.id, s.name]));
  const stores = new Map<string, Map<string, { mentions: number; praise: number; complaints: number }>>();
  for (const r of rows) {
    const store =
      stores.get(r.touchpoint) ?? new Map<string, { mentions: number; praise: number; complaints: number }>();
    const s = store.get(r.staff) ?? { mentions: 0, praise: 0, complaints: 0 };
    s.mentions += r.n;
    if (r.sentiment === 'positive') s.praise += r.n;
    if (r.sentiment === 'negative') s.complaints += r.n;
    store.set(r.staff, s);
    stores.set(r.touchpoint, store);
  }
  return {
    stores: [...stores]
      .sort(([a], [b]) => byKey(a, b))
      .map(([touchpoint, staff]) => ({
        touchpoint,
        staff: [...staff]
          .map(([id, s]) => ({ staff: id, ...(withNames ? { name: names.get(id) ?? id } : {}), ...s }))
          .sort((a, b) => b.mentions - a.mentions || byKey(a.staff, b.staff)),
      })),
  };
}

/**
 * Comments of the emerging-themes view from analysed rows: the answer as stored now (an erasure may have
 * blanked it since the analysis); blank ones are left out.
 */
export function emergingComments(
  rows: readonly { responseId: string; language: string | null; question: string; answers: Record<string, unknown> }[],
): EmergingComment[] {
  return rows.flatMap((r) => {
    const text = r.answers[r.question];
    return typeof text === 'string' && text !== '' ? [{ responseId: r.responseId, text, language: r.language }] : [];
  });
}
