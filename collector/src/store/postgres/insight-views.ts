import type { EmergingQuery, StaffRoster, ThemeTrendQuery, VerbatimQuery } from '@touchpoint/shared';
import { emergingThemes } from '../../insights/emerging.js';
import type { EmergingView } from '../../insights/insight-store.js';
import { trendOf, weekOf } from '../../insights/insight-trend.js';
import {
  emergingComments,
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
} from '../../insights/insight-views.js';
import type { Taxonomy } from '../../insights/types.js';
import { EMERGING_SAMPLE } from '../../insights/sqlite-emerging-view.js';
import type { Queryable } from './db.js';
import { Where } from './score-queries.js';

// The insight views on PostgreSQL: the SQL of sqlite-insight-views.ts in this dialect; what each view makes
// of its rows is the dialect-neutral half in insights/insight-views.ts and insights/insight-trend.ts.

/** A view's filter on the insight rows aliased `a`: site, window, touchpoint and NPS band. */
function insightWhere(
  where: Where,
  a: string,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
): Where {
  where.and(`${a}.site = {}`, site).and(`${a}.day >= {}`, w.from).and(`${a}.day <= {}`, w.to);
  if (w.touchpoint) where.and(`${a}.touchpoint = {}`, w.touchpoint);
  if (w.band) where.and(`${a}.band = {}`, w.band);
  return where;
}

/**
 * A segment's conditions on the response row `r` (its channel and variables, matched as the score filters
 * match them), with their parameters added to `where`.
 */
function segmentSql(where: Where, seg: InsightSegment): string {
  const parts: string[] = [];
  if (seg.channel !== undefined) parts.push(`r.channel = ${where.param(seg.channel)}`);
  for (const [name, value] of seg.vars) {
    const path = where.param(name);
    const text = where.param(JSON.stringify(value));
    parts.push(`(r.vars -> ${path}) IN (${text}::jsonb, ${where.param(varLiteral(value))}::jsonb)`);
  }
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

/** Rollup rows of a window as the themes and trend views read them (weeks and days mixed). */
type WindowRow = Omit<RollupRow, 'day'> & { week: string };

/** The daily counts of a `var.*` segment, counted from the analysed responses joined to their rows. */
async function segmentRows(
  db: Queryable,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  seg: InsightSegment,
): Promise<RollupRow[]> {
  const where = new Where();
  const ri = insightWhere(where, 'ri', site, w).sql;
  const t = ri.replace(/\bri\./g, 't.');
  const segSql = segmentSql(where, seg);
  const params = where.params;
  return (
    await db.query<RollupRow>(
      `SELECT day, theme, band, sentiment, touchpoint, count(*) AS n FROM (
        SELECT ri.day, '' AS theme, ri.band, coalesce(ri.sentiment, '') AS sentiment, ri.touchpoint
          FROM response_insights ri JOIN responses r ON r.id = ri.response_id WHERE ${ri} AND ${segSql}
        UNION ALL
        SELECT ri.day, '*', ri.band, coalesce(ri.sentiment, ''), ri.touchpoint
          FROM response_insights ri JOIN responses r ON r.id = ri.response_id WHERE ${ri} AND ri.has_text AND ${segSql}
        UNION ALL
        SELECT t.day, t.theme, t.band, t.sentiment, t.touchpoint
          FROM response_insight_themes t JOIN responses r ON r.id = t.response_id WHERE ${t} AND ${segSql}
      ) c GROUP BY day, theme, band, sentiment, touchpoint`,
      params,
    )
  ).rows;
}

/**
 * The counts of a one-variable segment (and maybe a channel) from the insight rollups by level (migration
 * 023), or null when they do not hold that variable (as insights/sqlite-insight-views.ts `varRollups`).
 */
async function varRollups(
  db: Queryable,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  seg: InsightSegment,
  perStore: boolean,
): Promise<WindowRow[] | null> {
  if (seg.vars.length !== 1) return null;
  const [name, value] = seg.vars[0]!;
  const rolled = await db.query(
    `SELECT 1 FROM rollup_variables v WHERE v.site = $1 AND v.variable = $2 AND v.scan_only = 0
    AND NOT EXISTS (SELECT 1 FROM rollup_bins b WHERE b.site = v.site AND b.variable = v.variable)
    AND NOT EXISTS (SELECT 1 FROM variable_rollups_pending p WHERE p.site = v.site)`,
    [site, name],
  );
  if (rolled.rows.length === 0) return null;
  const read = async (grain: 'd' | 'w' | 's', from: string, to: string) => {
    // Weekly rows ('w', 's') hold no channel; 'w' no store, 's' no band.
    const where = insightWhere(new Where(), 'i', site, {
      from,
      to,
      touchpoint: grain === 'd' ? w.touchpoint : undefined,
      band: grain === 's' ? undefined : w.band,
    })
      .and('i.variable = {}', name)
      .and('i.grain = {}', grain);
    const text = where.param(JSON.stringify(value));
    where.and(`i.level IN ((${text}::jsonb)::text, (${where.param(varLiteral(value))}::jsonb)::text)`);
    if (seg.channel !== undefined) where.and('i.channel = {}', seg.channel);
    const { rows } = await db.query<RollupRow>(
      `SELECT ${perStore ? "''" : 'day'} AS day, theme, band, sentiment, touchpoint, sum(count)::int AS n
      FROM insight_var_rollups i WHERE ${where.sql} GROUP BY 1, theme, band, sentiment, touchpoint
      HAVING sum(count) > 0`,
      where.params,
    );
    return rows.map(({ day, ...r }) => ({ ...r, week: perStore ? '' : grain === 'd' ? weekOf(day) : day }));
  };
  // A channel or a store: the daily rows. Otherwise, as windowRollups does, the whole weeks of every store by
  // band and sentiment, each store's own count for "by touchpoint", and the days at the edges.
  if (seg.channel !== undefined || w.touchpoint) return read('d', w.from, w.to);
  const split = weekSplit(w.from, w.to);
  if (!split.weeks) return read('d', w.from, w.to);
  const rows = await read('w', split.weeks.first, split.weeks.last);
  if (perStore && !w.band) rows.push(...(await read('s', split.weeks.first, split.weeks.last)));
  for (const edge of split.days) rows.push(...(await read('d', edge.from, edge.to)));
  return rows;
}

/**
 * The rollup counts of a window for the themes and trend views, and where they came from (as on SQLite,
 * insights/sqlite-insight-views.ts `windowRollups`): a segment of one rolled-up variable reads the rollups by
 * level, any other `var.*` segment is counted from the rows; a channel
 * reads the channel rollups; a touchpoint the daily rollups; otherwise whole weeks come from the weekly
 * rollups and the edge days from the daily ones. A key's count is the sum of its rollup shards' rows (migration
 * 029), one of which alone may be zero or negative: groups are kept by their sum, not rows by their count.
 */
async function windowRollups(
  db: Queryable,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  seg: InsightSegment | undefined,
  perStore: boolean,
): Promise<{ rows: WindowRow[]; source: 'rollup' | 'scan' }> {
  if (seg && seg.vars.length > 0) {
    const byLevel = await varRollups(db, site, w, seg, perStore);
    if (byLevel) return { rows: byLevel, source: 'rollup' };
    const rows = await segmentRows(db, site, w, seg);
    return { rows: rows.map(({ day, ...r }) => ({ ...r, week: weekOf(day) })), source: 'scan' };
  }
  const daily = async (table: string, from: string, to: string, channel?: string) => {
    const where = insightWhere(new Where(), 'i', site, { ...w, from, to });
    if (channel !== undefined) where.and('i.channel = {}', channel);
    const { rows } = await db.query<RollupRow>(
      `SELECT day, theme, band, sentiment, touchpoint, sum(count)::int AS n FROM ${table} i
      WHERE ${where.sql} GROUP BY day, theme, band, sentiment, touchpoint HAVING sum(count) > 0`,
      where.params,
    );
    return rows.map(({ day, ...r }) => ({ ...r, week: weekOf(day) }));
  };
  if (seg?.channel !== undefined) {
    return { rows: await daily('insight_channel_rollups', w.from, w.to, seg.channel), source: 'rollup' };
  }
  const split = weekSplit(w.from, w.to);
  if (w.touchpoint || !split.weeks) return { rows: await daily('insight_rollups', w.from, w.to), source: 'rollup' };
  const where = new Where()
    .and('site = {}', site)
    .and("touchpoint = ''")
    .and('week >= {}', split.weeks.first)
    .and('week <= {}', split.weeks.last);
  if (w.band) where.and('band = {}', w.band);
  const rows = (
    await db.query<WindowRow>(
      `SELECT week, theme, band, sentiment, touchpoint, sum(count)::int AS n FROM insight_week_rollups
      WHERE ${where.sql} GROUP BY week, theme, band, sentiment, touchpoint HAVING sum(count) > 0`,
      where.params,
    )
  ).rows;
  // A store's own weekly rows hold no band: only the themes' "by touchpoint" reads them.
  if (perStore && !w.band) {
    const stores = new Where()
      .and('site = {}', site)
      .and("touchpoint > ''")
      .and('week >= {}', split.weeks.first)
      .and('week <= {}', split.weeks.last);
    const perStoreRows = await db.query<WindowRow>(
      `SELECT '' AS week, theme, band, sentiment, touchpoint, sum(count)::int AS n FROM insight_week_rollups
      WHERE ${stores.sql} GROUP BY theme, band, sentiment, touchpoint HAVING sum(count) > 0`,
      stores.params,
    );
    rows.push(...perStoreRows.rows);
  }
  for (const edge of split.days) rows.push(...(await daily('insight_rollups', edge.from, edge.to)));
  return { rows, source: 'rollup' };
}

/** GET …/insights/themes. */
export async function themeSummaries(
  db: Queryable,
  site: string,
  w: InsightWindow,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(w);
  const { rows, source } = await windowRollups(db, site, { from, to, touchpoint: w.touchpoint }, segment, true);
  return { ...summariseThemes(rows, taxonomy, from, to), source };
}

/** GET …/insights/trend: the weekly and daily counts summed per ISO week. */
export async function themeTrend(
  db: Queryable,
  site: string,
  q: ThemeTrendQuery,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(q);
  const { rows, source } = await windowRollups(
    db,
    site,
    { from, to, touchpoint: q.touchpoint, band: q.band },
    segment,
    false,
  );
  const weekly = rows.filter((r) => r.theme !== '' && r.band !== '');
  return { ...trendOf(weekly, taxonomy, from, to), source };
}

/** GET …/insights/verbatims: newest first. */
export async function verbatims(
  db: Queryable,
  site: string,
  q: VerbatimQuery,
  roster: StaffRoster,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(q);
  const where = insightWhere(new Where(), 'ri', site, { from, to, touchpoint: q.touchpoint, band: q.band });
  where.and('ri.has_text');
  if (q.theme) {
    const theme = where.param(q.theme);
    const sentiment = q.sentiment ? ` AND t.sentiment = ${where.param(q.sentiment)}` : '';
    where.and(`EXISTS (SELECT 1 FROM response_insight_themes t WHERE t.response_id = ri.response_id
      AND t.theme = ${theme}${sentiment})`);
  } else if (q.sentiment) where.and('ri.sentiment = {}', q.sentiment);
  if (q.staff) {
    where.and(
      'EXISTS (SELECT 1 FROM response_insight_staff s WHERE s.response_id = ri.response_id AND s.staff = {})',
      q.staff,
    );
  }
  // The channel is on the analysis row; variables are read from the response row.
  if (segment?.channel !== undefined) where.and('ri.channel = {}', segment.channel);
  if (segment?.vars.length) {
    where.and(
      `EXISTS (SELECT 1 FROM responses r WHERE r.id = ri.response_id AND ${segmentSql(where, { vars: segment.vars })})`,
    );
  }
  const total = (
    await db.query<{ n: number }>(`SELECT count(*) AS n FROM response_insights ri WHERE ${where.sql}`, where.params)
  ).rows[0]!.n;
  const limit = where.param(q.limit);
  const offset = where.param(q.offset);
  const { rows } = await db.query<VerbatimRow>(
    `${VERBATIM_SELECT} WHERE ${where.sql} ${VERBATIM_ORDER} LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  const items = rows.map((r) => verbatimItem(r, roster, q.staffNames === 'true'));
  return { total, items };
}

/** GET …/insights/staff. */
export async function staffKudos(
  db: Queryable,
  site: string,
  w: InsightWindow,
  roster: StaffRoster,
  withNames: boolean,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(w);
  const where = insightWhere(new Where(), 's', site, { from, to, touchpoint: w.touchpoint });
  if (segment?.channel !== undefined) where.and('s.channel = {}', segment.channel);
  if (segment?.vars.length) {
    where.and(
      `EXISTS (SELECT 1 FROM responses r WHERE r.id = s.response_id AND ${segmentSql(where, { vars: segment.vars })})`,
    );
  }
  const { rows } = await db.query<{ touchpoint: string; staff: string; sentiment: string; n: number }>(
    `SELECT touchpoint, staff, sentiment, count(*) AS n FROM response_insight_staff s WHERE ${where.sql}
    GROUP BY touchpoint, staff, sentiment`,
    where.params,
  );
  return staffKudosOf(rows, roster, withNames);
}

/** The emerging-themes computation (stored and read back by ../../insights/emerging-results.ts). */
export async function computeEmerging(
  db: Queryable,
  site: string,
  q: EmergingQuery,
  segment?: InsightSegment,
): Promise<Omit<EmergingView, 'computedAt'>> {
  const { from, to } = windowOf(q);
  const read = async (matched: boolean) => {
    const where = insightWhere(new Where(), 'ri', site, { from, to, touchpoint: q.touchpoint });
    where.and('ri.has_text AND ri.analysed');
    // The response row is joined anyway (for the answer), so the segment is a condition on it.
    if (segment) where.and(segmentSql(where, segment));
    where.and(
      `${matched ? '' : 'NOT '}EXISTS (SELECT 1 FROM response_insight_themes t WHERE t.response_id = ri.response_id)`,
    );
    const limit = where.param(EMERGING_SAMPLE);
    const { rows } = await db.query<{
      response_id: string;
      language: string | null;
      question: string;
      answers: Record<string, unknown>;
    }>(
      `SELECT ri.response_id, ri.language, ri.question, r.answers FROM response_insights ri
      JOIN responses r ON r.id = ri.response_id WHERE ${where.sql}
      ORDER BY ri.day DESC, ri.response_id DESC LIMIT ${limit}`,
      where.params,
    );
    return emergingComments(
      rows.map((r) => ({ responseId: r.response_id, language: r.language, question: r.question, answers: r.answers })),
    );
  };
  const unmatched = await read(false);
  const clusters = emergingThemes(unmatched, await read(true), { minCount: q.minCount, limit: q.limit });
  return { from, to, unmatched: unmatched.length, clusters };
}
