import type { Database } from 'better-sqlite3';
import type { ThemeTrendQuery } from '@touchpoint/shared';
import { trendOf, weekOf } from './insight-trend.js';
import { windowOf, type InsightSegment } from './insight-views.js';
import { segmentRollups } from './sqlite-insight-views.js';
import type { Taxonomy } from './types.js';

/** GET …/insights/trend: each theme's weekly mentions and their sentiment, from the daily rollups. */
export function themeTrend(
  db: Database,
  site: string,
  q: ThemeTrendQuery,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(q);
  let where = 'site = @site AND day BETWEEN @from AND @to AND count > 0';
  if (q.touchpoint) where += ' AND touchpoint = @touchpoint';
  if (q.band) where += ' AND band = @band';
  // 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday.
  const rows: { week: string; theme: string; sentiment: string; n: number }[] = segment
    ? segmentRollups(db, site, { from, to, touchpoint: q.touchpoint, band: q.band }, segment)
        .filter((r) => r.theme !== '')
        .map((r) => ({ week: weekOf(r.day), theme: r.theme, sentiment: r.sentiment, n: r.n }))
    : (db
        .prepare(
          `SELECT date(day, 'weekday 0', '-6 days') AS week, theme, sentiment, sum(count) AS n FROM insight_rollups
          WHERE ${where} AND theme <> '' GROUP BY week, theme, sentiment`,
        )
        .all({ site, from, to, touchpoint: q.touchpoint ?? '', band: q.band ?? '' }) as {
        week: string;
        theme: string;
        sentiment: string;
        n: number;
      }[]);
  return trendOf(rows, taxonomy, from, to);
}
