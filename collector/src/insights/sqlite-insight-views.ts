import type { Database } from 'better-sqlite3';
import { LIMITS, MAX_VAR_FILTERS, VAR_FILTER_KEY, type StaffRoster, type VerbatimQuery } from '@touchpoint/shared';
import { ValidationError } from '../errors.js';
import { keyPath } from '../store/sqlite/score-queries.js';
import { nps } from '../scoring/nps.js';
import { histogramFromEntries } from '../scoring/histogram.js';
import { themeImpact, type BandCounts } from './impact.js';
import type { Span, Taxonomy } from './types.js';

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

/** SQL conditions on the response row `r` for a segment, and their parameters. */
export function segmentWhere(seg: InsightSegment): { sql: string; params: Record<string, string> } {
  let sql = '';
  const params: Record<string, string> = {};
  if (seg.channel !== undefined) {
    sql += ' AND r.channel = @segChannel';
    params.segChannel = seg.channel;
  }
  seg.vars.forEach(([name, value], i) => {
    // A variable is stored as JSON: "12" matches the string "12" and the number 12, as the score filters do.
    const literal = /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value)
      ? JSON.stringify(JSON.parse(value))
      : JSON.stringify(value);
    sql += ` AND (r.vars -> @segPath${i}) IN (@segText${i}, @segLiteral${i})`;
    params[`segPath${i}`] = keyPath(name);
    params[`segText${i}`] = JSON.stringify(value);
    params[`segLiteral${i}`] = literal;
  });
  return { sql, params };
}

/** A row of the daily insight rollups (or of the same counts computed for a segment). */
export interface RollupRow {
  day: string;
  theme: string;
  band: string;
  sentiment: string;
  touchpoint: string;
  n: number;
}

/**
 * The daily rollup counts of a segment, counted from the analysed responses joined to their response rows
 * (the rollups carry no channel or variables): theme '' every analysed response, '*' those with text.
 */
export function segmentRollups(
  db: Database,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  seg: InsightSegment,
): RollupRow[] {
  const cond = (a: string) =>
    `${a}.site = @site AND ${a}.day BETWEEN @from AND @to${w.touchpoint ? ` AND ${a}.touchpoint = @touchpoint` : ''}` +
    `${w.band ? ` AND ${a}.band = @band` : ''}`;
  const { sql, params } = segmentWhere(seg);
  return db
    .prepare(
      `SELECT day, theme, band, sentiment, touchpoint, count(*) AS n FROM (
        SELECT ri.day, '' AS theme, ri.band, coalesce(ri.sentiment, '') AS sentiment, ri.touchpoint
          FROM response_insights ri JOIN responses r ON r.id = ri.response_id WHERE ${cond('ri')}${sql}
        UNION ALL
        SELECT ri.day, '*', ri.band, coalesce(ri.sentiment, ''), ri.touchpoint
          FROM response_insights ri JOIN responses r ON r.id = ri.response_id
          WHERE ${cond('ri')} AND ri.has_text = 1${sql}
        UNION ALL
        SELECT t.day, t.theme, t.band, t.sentiment, t.touchpoint
          FROM response_insight_themes t JOIN responses r ON r.id = t.response_id WHERE ${cond('t')}${sql}
      ) GROUP BY day, theme, band, sentiment, touchpoint`,
    )
    .all({
      site,
      from: w.from,
      to: w.to,
      touchpoint: w.touchpoint ?? '',
      band: w.band ?? '',
      ...params,
    }) as RollupRow[];
}

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

/** GET …/insights/themes: volume, share, sentiment, NPS impact and touchpoints of each theme. */
export function themeSummaries(
  db: Database,
  site: string,
  w: InsightWindow,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(w);
  const tp = w.touchpoint ? ' AND touchpoint = @touchpoint' : '';
  const params = { site, from, to, touchpoint: w.touchpoint ?? '' };
  const rows = segment
    ? segmentRollups(db, site, { from, to, touchpoint: w.touchpoint }, segment)
    : (db
        .prepare(
          `SELECT theme, band, sentiment, touchpoint, sum(count) AS n FROM insight_rollups
          WHERE site = @site AND day BETWEEN @from AND @to${tp} AND count > 0
          GROUP BY theme, band, sentiment, touchpoint`,
        )
        .all(params) as { theme: string; band: string; sentiment: string; touchpoint: string; n: number }[]);
  const of = (theme: string) => rows.filter((r) => r.theme === theme);
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
    for (const r of mine) byTouchpoint.set(r.touchpoint, (byTouchpoint.get(r.touchpoint) ?? 0) + r.n);
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
        .map(([touchpoint, n]) => ({ touchpoint, count: n }))
        .sort((a, b) => b.count - a.count),
    };
  });
  themes.sort((a, b) => b.count - a.count);
  const bands = { detractor: 0, passive: 0, promoter: 0 };
  for (const r of of('*')) if (r.band in bands) bands[r.band as keyof typeof bands] += r.n;
  return { from, to, responses, withText, withTextByBand: bands, nps: allNps, themes };
}

interface VerbatimRow {
  response_id: string;
  touchpoint: string;
  created_at: string;
  score: number | null;
  language: string | null;
  sentiment: string | null;
  question: string;
  analysis: string;
  answers: string;
}

/** GET …/insights/verbatims: comments matching the filters, newest first, with the spans to highlight. */
export function verbatims(db: Database, site: string, q: VerbatimQuery, roster: StaffRoster, segment?: InsightSegment) {
  const { from, to } = windowOf(q);
  let where = 'ri.site = @site AND ri.has_text = 1 AND ri.day BETWEEN @from AND @to';
  if (q.touchpoint) where += ' AND ri.touchpoint = @touchpoint';
  if (q.band) where += ' AND ri.band = @band';
  // A theme or a person narrows most: their own index (site, theme|staff, day) leads, not a scan of the window.
  if (q.theme) {
    where += ` AND ri.response_id IN (SELECT t.response_id FROM response_insight_themes t WHERE t.site = @site
      AND t.theme = @theme AND t.day BETWEEN @from AND @to${q.sentiment ? ' AND t.sentiment = @sentiment' : ''})`;
  } else if (q.sentiment) where += ' AND ri.sentiment = @sentiment';
  if (q.staff) {
    where += ` AND ri.response_id IN (SELECT s.response_id FROM response_insight_staff s WHERE s.site = @site
      AND s.staff = @staff AND s.day BETWEEN @from AND @to)`;
  }
  const seg = segment ? segmentWhere(segment) : { sql: '', params: {} };
  if (segment) where += ` AND EXISTS (SELECT 1 FROM responses r WHERE r.id = ri.response_id${seg.sql})`;
  const params = {
    ...seg.params,
    site,
    from,
    to,
    touchpoint: q.touchpoint ?? '',
    band: q.band ?? '',
    theme: q.theme ?? '',
    sentiment: q.sentiment ?? '',
    staff: q.staff ?? '',
  };
  const total = db.prepare(`SELECT count(*) FROM response_insights ri WHERE ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT ri.response_id, ri.touchpoint, r.created_at, ri.score, ri.language, ri.sentiment, ri.question,
        ri.analysis, r.answers FROM response_insights ri JOIN responses r ON r.id = ri.response_id
      WHERE ${where} ORDER BY ri.day DESC, r.created_at DESC, ri.response_id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as VerbatimRow[];
  const names = new Map(roster.staff.map((s) => [s.id, s.name]));
  const items = rows.map((r) => {
    const a = JSON.parse(r.analysis) as {
      themes: { theme: string; sentiment: string; spans: Span[] }[];
      staff: { staff: string; sentiment: string; spans: Span[] }[];
    };
    const text = (JSON.parse(r.answers) as Record<string, unknown>)[r.question];
    return {
      responseId: r.response_id,
      touchpoint: r.touchpoint,
      createdAt: r.created_at,
      score: r.score,
      language: r.language,
      sentiment: r.sentiment,
      // The answer as stored now: a later anonymisation or edit shows, never a stale copy.
      text: typeof text === 'string' ? text : '',
      themes: a.themes.map((t) => ({ theme: t.theme, sentiment: t.sentiment, spans: t.spans })),
      staff: a.staff.map((s) => ({
        staff: s.staff,
        ...(q.staffNames === 'true' ? { name: names.get(s.staff) ?? s.staff } : {}),
        sentiment: s.sentiment,
        spans: s.spans,
      })),
    };
  });
  return { total, items };
}

/** GET …/insights/staff: per store, who was named, how often, in praise or in complaint. */
export function staffKudos(
  db: Database,
  site: string,
  w: InsightWindow,
  roster: StaffRoster,
  withNames: boolean,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(w);
  const seg = segment ? segmentWhere(segment) : { sql: '', params: {} };
  const rows = db
    .prepare(
      `SELECT touchpoint, staff, sentiment, count(*) AS n FROM response_insight_staff s
      WHERE site = @site AND day BETWEEN @from AND @to${w.touchpoint ? ' AND touchpoint = @touchpoint' : ''}
      ${segment ? `AND EXISTS (SELECT 1 FROM responses r WHERE r.id = s.response_id${seg.sql})` : ''}
      GROUP BY touchpoint, staff, sentiment`,
    )
    .all({ ...seg.params, site, from, to, touchpoint: w.touchpoint ?? '' }) as {
    touchpoint: string;
    staff: string;
    sentiment: string;
    n: number;
  }[];
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
    stores: [...stores].map(([touchpoint, staff]) => ({
      touchpoint,
      staff: [...staff]
        .map(([id, s]) => ({ staff: id, ...(withNames ? { name: names.get(id) ?? id } : {}), ...s }))
        .sort((a, b) => b.mentions - a.mentions),
    })),
  };
}
