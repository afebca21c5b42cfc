import type { Database } from 'better-sqlite3';
import type { StaffRoster, VerbatimQuery } from '@touchpoint/shared';
import { keyPath } from '../store/sqlite/score-queries.js';
import {
  staffKudosOf,
  summariseThemes,
  varLiteral,
  verbatimItem,
  windowOf,
  type InsightSegment,
  type InsightWindow,
  type RollupRow,
  type VerbatimRow,
  VERBATIM_ORDER,
  VERBATIM_SELECT,
} from './insight-views.js';
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
  return summariseThemes(rows, taxonomy, from, to);
}

/** A verbatim row as SQLite returns it: JSON as text. */
interface SqliteVerbatimRow extends Omit<VerbatimRow, 'analysis' | 'answers'> {
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
    .prepare(`${VERBATIM_SELECT} WHERE ${where} ${VERBATIM_ORDER} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as SqliteVerbatimRow[];
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
  return staffKudosOf(rows, roster, withNames);
}
