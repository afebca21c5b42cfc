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

/** The daily rollup counts of a window: from the rollups, or counted from the rows for a segment. */
async function rollupRows(
  db: Queryable,
  site: string,
  w: { from: string; to: string; touchpoint?: string | undefined; band?: string | undefined },
  seg: InsightSegment | undefined,
): Promise<RollupRow[]> {
  if (!seg) {
    const where = insightWhere(new Where(), 'i', site, w).and('i.count > 0');
    return (
      await db.query<RollupRow>(
        `SELECT day, theme, band, sentiment, touchpoint, sum(count) AS n FROM insight_rollups i
        WHERE ${where.sql} GROUP BY day, theme, band, sentiment, touchpoint`,
        where.params,
      )
    ).rows;
  }
  // The rollups carry no channel or variables: counted from the analysed responses joined to their rows.
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

/** GET …/insights/themes. */
export async function themeSummaries(
  db: Queryable,
  site: string,
  w: InsightWindow,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(w);
  const rows = await rollupRows(db, site, { from, to, touchpoint: w.touchpoint }, segment);
  return summariseThemes(rows, taxonomy, from, to);
}

/** GET …/insights/trend: the daily counts summed per ISO week. */
export async function themeTrend(
  db: Queryable,
  site: string,
  q: ThemeTrendQuery,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(q);
  const rows = await rollupRows(db, site, { from, to, touchpoint: q.touchpoint, band: q.band }, segment);
  const weekly = rows
    .filter((r) => r.theme !== '')
    .map((r) => ({ week: weekOf(r.day), theme: r.theme, sentiment: r.sentiment, n: r.n }));
  return trendOf(weekly, taxonomy, from, to);
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
  if (segment) {
    where.and(`EXISTS (SELECT 1 FROM responses r WHERE r.id = ri.response_id AND ${segmentSql(where, segment)})`);
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
  if (segment) {
    where.and(`EXISTS (SELECT 1 FROM responses r WHERE r.id = s.response_id AND ${segmentSql(where, segment)})`);
  }
  const { rows } = await db.query<{ touchpoint: string; staff: string; sentiment: string; n: number }>(
    `SELECT touchpoint, staff, sentiment, count(*) AS n FROM response_insight_staff s WHERE ${where.sql}
    GROUP BY touchpoint, staff, sentiment`,
    where.params,
  );
  return staffKudosOf(rows, roster, withNames);
}

/** GET …/insights/emerging. */
export async function emergingView(
  db: Queryable,
  site: string,
  q: EmergingQuery,
  segment?: InsightSegment,
): Promise<EmergingView> {
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
