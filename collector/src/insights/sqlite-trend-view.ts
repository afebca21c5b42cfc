import type { Database } from 'better-sqlite3';
import type { ThemeTrendQuery } from '@touchpoint/shared';
import { trendOf } from './insight-trend.js';
import { windowOf, type InsightSegment } from './insight-views.js';
import { windowRollups } from './sqlite-insight-views.js';
import type { Taxonomy } from './types.js';

/** GET …/insights/trend: each theme's weekly mentions and their sentiment, from the weekly and daily rollups. */
export function themeTrend(
  db: Database,
  site: string,
  q: ThemeTrendQuery,
  taxonomy: Taxonomy,
  segment?: InsightSegment,
) {
  const { from, to } = windowOf(q);
  const { rows, source } = windowRollups(
    db,
    site,
    { from, to, touchpoint: q.touchpoint, band: q.band },
    segment,
    false,
  );
  // Rows with a band are counted once each (a store's own weekly rows, band '', are only for "by touchpoint").
  const weekly = rows.filter((r) => r.theme !== '' && r.band !== '');
  return { ...trendOf(weekly, taxonomy, from, to), source };
}
