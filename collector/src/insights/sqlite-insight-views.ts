import type { Database } from 'better-sqlite3';
import type { StaffRoster, VerbatimQuery } from '@touchpoint/shared';
import { addDays } from '../scoring/calendar.js';
import { keyPath } from '../store/sqlite/score-queries.js';
import { weekHorizon } from '../store/sqlite/week-tier.js';
import {
  staffKudosOf,
  summariseThemes,
  varLiteral,
  verbatimItem,
  weekSplit,
  windowOf,
  type InsightSegment,
  type InsightWindow,
  type RollupRow,
  type VerbatimRow,
  VERBATIM_ORDER,
  VERBATIM_SELECT,
} from './insight-views.js';
import { weekOf } from './insight-trend.js';
import type { Taxonomy } from './types.js';

/** SQL conditions on the response row `r` for a segment, and their parameters. */
export function segmentWhere(seg: InsightSegment): { sql: string; params: Record<string, string> } {
  let sql = '';
  const params: Record<string, string> = {};
  if (seg.channel !== undefined) {
    sql += ' AND r.channel = @segChannel';
    params.segChannel = seg.channel;
  }
  seg.vars.forEach(([name, value], i) => {
    sql += ` AND (r.vars -> @segPath${i}) IN (@segText${i}, @segLiteral${i})`;
    params[`segPath${i}`] = keyPath(name);
    params[`segText${i}`] = JSON.stringify(value);
    params[`segLiteral${i}`] = varLiteral(value);
  });
  return { sql, params };
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

/** Rollup rows of a window as the themes and trend views read them (no `day`: weeks and days mixed). */
type WindowRow = Omit<RollupRow, 'day'> & { week: string };

/**
 * The counts of a one-variable segment (and maybe a channel) from the insight rollups by level (migration
 * 023), or null when they do not hold that variable: it is binned or scan-only (over the site's
 * rollupLevelCap), never seen, or the site's variable rollups await their recount.
 */
function varRollups(
  db: Database,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  segment: InsightSegment,
  perStore: boolean,
): WindowRow[] | null {
  if (segment.vars.length !== 1) return null;
  const [name, value] = segment.vars[0]!;
  const rolled = db
    .prepare(
      `SELECT 1 FROM rollup_variables v WHERE v.site = ? AND v.variable = ? AND v.scan_only = 0
      AND NOT EXISTS (SELECT 1 FROM rollup_bins b WHERE b.site = v.site AND b.variable = v.variable)
      AND NOT EXISTS (SELECT 1 FROM variable_rollups_pending p WHERE p.site = v.site)`,
    )
    .get(site, name);
  if (!rolled) return null;
  const filters = `${w.band ? ' AND band = @band' : ''}${segment.channel !== undefined ? ' AND channel = @channel' : ''}`;
  const read = (grain: 'd' | 'w' | 's', from: string, to: string, extra = '') =>
    db
      .prepare(
        `SELECT ${perStore ? "''" : grain === 'd' ? "date(day, 'weekday 0', '-6 days')" : 'day'} AS week, theme, band,
          sentiment, touchpoint, sum(count) AS n FROM insight_var_rollups
        WHERE site = @site AND variable = @variable AND level IN (@text, @literal) AND grain = @grain
          AND day BETWEEN @from AND @to${extra} AND count > 0
        GROUP BY week, theme, band, sentiment, touchpoint`,
      )
      .all({
        site,
        variable: name,
        text: JSON.stringify(value),
        literal: varLiteral(value),
        grain,
        from,
        to,
        touchpoint: w.touchpoint ?? '',
        band: w.band ?? '',
        channel: segment.channel ?? '',
      }) as WindowRow[];
  // A channel or a store: the daily rows (the weekly ones hold neither). Otherwise, as windowRollups does, the
  // whole weeks of every store by band and sentiment, each store's own count for "by touchpoint", and the
  // days at the edges.
  if (segment.channel !== undefined || w.touchpoint) {
    return read('d', w.from, w.to, `${filters}${w.touchpoint ? ' AND touchpoint = @touchpoint' : ''}`);
  }
  const split = weekSplit(w.from, w.to);
  if (!split.weeks) return read('d', w.from, w.to, filters);
  const { first, last } = split.weeks;
  // Only weeks before the week horizon have week rows (migration 033): those from it on are read by day.
  const horizon = weekHorizon(db);
  const rows: WindowRow[] = [];
  if (first < horizon) {
    rows.push(...read('w', first, last, filters));
    if (perStore && !w.band) rows.push(...read('s', first, last));
  }
  if (last >= horizon) rows.push(...read('d', first < horizon ? horizon : first, addDays(last, 6), filters));
  for (const edge of split.days) rows.push(...read('d', edge.from, edge.to, filters));
  return rows;
}

/**
 * The rollup counts of a window for the themes and trend views, and where they came from: a segment of one
 * rolled-up variable reads the rollups by level, any other `var.*` segment is counted from the rows (`scan`); a channel reads the channel rollups; a touchpoint the daily rollups;
 * otherwise the whole weeks of the window come from the weekly rollups and its edge days from the daily ones.
 */
export function windowRollups(
  db: Database,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  segment: InsightSegment | undefined,
  perStore: boolean,
): { rows: WindowRow[]; source: 'rollup' | 'scan' } {
  if (segment && segment.vars.length > 0) {
    const byLevel = varRollups(db, site, w, segment, perStore);
    if (byLevel) return { rows: byLevel, source: 'rollup' };
    return {
      rows: segmentRollups(db, site, w, segment).map(({ day, ...r }) => ({ ...r, week: weekOf(day) })),
      source: 'scan',
    };
  }
  const params = {
    site,
    from: w.from,
    to: w.to,
    touchpoint: w.touchpoint ?? '',
    band: w.band ?? '',
    channel: segment?.channel ?? '',
  };
  const filters = `${w.touchpoint ? ' AND touchpoint = @touchpoint' : ''}${w.band ? ' AND band = @band' : ''}`;
  // 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday. The themes
  // view (`perStore`) sums the whole window, so it needs no week.
  const week = perStore ? "''" : "date(day, 'weekday 0', '-6 days')";
  const daily = (table: string, from: string, to: string, extra = '') =>
    db
      .prepare(
        `SELECT ${week} AS week, theme, band, sentiment, touchpoint, sum(count) AS n
        FROM ${table} WHERE site = @site${extra} AND day BETWEEN @from AND @to${filters} AND count > 0
        GROUP BY week, theme, band, sentiment, touchpoint`,
      )
      .all({ ...params, from, to }) as WindowRow[];
  if (segment?.channel !== undefined) {
    return { rows: daily('insight_channel_rollups', w.from, w.to, ' AND channel = @channel'), source: 'rollup' };
  }
  const split = weekSplit(w.from, w.to);
  if (w.touchpoint || !split.weeks) return { rows: daily('insight_rollups', w.from, w.to), source: 'rollup' };
  const rows = db
    .prepare(
      `SELECT week, theme, band, sentiment, touchpoint, sum(count) AS n FROM insight_week_rollups
      WHERE site = @site AND touchpoint = '' AND week BETWEEN @first AND @last${w.band ? ' AND band = @band' : ''}
        AND count > 0 GROUP BY week, theme, band, sentiment, touchpoint`,
    )
    .all({ ...params, ...split.weeks }) as WindowRow[];
  // A store's own weekly rows hold no band: only the themes' "by touchpoint" reads them.
  if (perStore && !w.band) {
    rows.push(
      ...(db
        .prepare(
          `SELECT '' AS week, theme, band, sentiment, touchpoint, sum(count) AS n FROM insight_week_rollups
          WHERE site = @site AND touchpoint > '' AND week BETWEEN @first AND @last AND count > 0
          GROUP BY theme, band, sentiment, touchpoint`,
        )
        .all({ ...params, ...split.weeks }) as WindowRow[]),
    );
  }
  for (const edge of split.days) rows.push(...daily('insight_rollups', edge.from, edge.to));
  return { rows, source: 'rollup' };
}

/** GET …/insights/themes: volume, share, sentiment, NPS impact and touchpoints of each theme. */
export function themeSummaries(
  db: Database,
  site: string,
  w: InsightWindow,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(w);
  const { rows, source } = windowRollups(db, site, { from, to, touchpoint: w.touchpoint }, segment, true);
  return { ...summariseThemes(rows, taxonomy, from, to), source };
}

/** A verbatim row as SQLite returns it: JSON as text. */
interface SqliteVerbatimRow extends Omit<VerbatimRow, 'analysis' | 'answers'> {
  analysis: string;
  answers: string;
}

/** GET …/insights/verbatims: comments matching the filters, newest first, with the spans to highlight. */
export function verbatims(db: Database, site: string, q: VerbatimQuery, roster: StaffRoster, segment?: InsightSegment) {
  const { from, to } = windowOf(q);
  // With a theme, its own rows lead (index site, theme, day): they carry the day, store, band and channel of
  // their analysis and exist only for analysed text, so counting and paging never visit the whole window.
  const a = q.theme ? 't' : 'ri';
  let where = `${a}.site = @site AND ${a}.day BETWEEN @from AND @to`;
  if (q.theme) where += ' AND t.theme = @theme';
  else where += ' AND ri.has_text = 1';
  if (q.touchpoint) where += ` AND ${a}.touchpoint = @touchpoint`;
  if (q.band) where += ` AND ${a}.band = @band`;
  if (q.sentiment) where += ` AND ${a}.sentiment = @sentiment`;
  if (q.staff) {
    where += ` AND ${a}.response_id IN (SELECT s.response_id FROM response_insight_staff s WHERE s.site = @site
      AND s.staff = @staff AND s.day BETWEEN @from AND @to)`;
  }
  // The channel is on the analysis rows; variables are read from the response row.
  const seg = segment?.vars.length ? segmentWhere({ vars: segment.vars }) : { sql: '', params: {} };
  if (segment?.channel !== undefined) where += ` AND ${a}.channel = @segChannel`;
  if (seg.sql) where += ` AND EXISTS (SELECT 1 FROM responses r WHERE r.id = ${a}.response_id${seg.sql})`;
  const params = {
    segChannel: segment?.channel ?? '',
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
  const table = q.theme ? 'response_insight_themes t' : 'response_insights ri';
  const total = db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(params) as number;
  // The page is the newest offset + limit matches (newest day first): the day of the last of them, found in
  // day order without the response rows, bounds the rows that are joined and sorted.
  const cutoff = db
    .prepare(`SELECT ${a}.day FROM ${table} WHERE ${where} ORDER BY ${a}.day DESC LIMIT 1 OFFSET @last`)
    .pluck()
    .get({ ...params, last: q.offset + q.limit - 1 }) as string | undefined;
  const bounded = `${where}${cutoff === undefined ? '' : ` AND ${a}.day >= @cutoff`}`;
  const pageWhere = q.theme ? `ri.response_id IN (SELECT t.response_id FROM ${table} WHERE ${bounded})` : bounded;
  const rows = db
    .prepare(`${VERBATIM_SELECT} WHERE ${pageWhere} ${VERBATIM_ORDER} LIMIT @limit OFFSET @offset`)
    .all({ ...params, cutoff: cutoff ?? '', limit: q.limit, offset: q.offset }) as SqliteVerbatimRow[];
  const withNames = q.staffNames === 'true';
  const items = rows.map((r) =>
    verbatimItem(
      { ...r, analysis: JSON.parse(r.analysis) as VerbatimRow['analysis'], answers: JSON.parse(r.answers) as never },
      roster,
      withNames,
    ),
  );
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
  const seg = segment?.vars.length ? segmentWhere({ vars: segment.vars }) : { sql: '', params: {} };
  const rows = db
    .prepare(
      `SELECT touchpoint, staff, sentiment, count(*) AS n FROM response_insight_staff s
      WHERE site = @site AND day BETWEEN @from AND @to${w.touchpoint ? ' AND touchpoint = @touchpoint' : ''}
      ${segment?.channel !== undefined ? 'AND channel = @segChannel' : ''}
      ${seg.sql ? `AND EXISTS (SELECT 1 FROM responses r WHERE r.id = s.response_id${seg.sql})` : ''}
      GROUP BY touchpoint, staff, sentiment`,
    )
    .all({ ...seg.params, segChannel: segment?.channel ?? '', site, from, to, touchpoint: w.touchpoint ?? '' }) as {
    touchpoint: string;
    staff: string;
    sentiment: string;
    n: number;
  }[];
  return staffKudosOf(rows, roster, withNames);
}
