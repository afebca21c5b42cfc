import type { Database } from 'better-sqlite3';
import type { ThemeTrendQuery } from '@touchpoint/shared';
import { segmentRollups, windowOf, type InsightSegment } from './sqlite-insight-views.js';
import type { Taxonomy } from './types.js';

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the ISO week a day is in. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** Every Monday from the week of `from` to the week of `to`. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let t = Date.parse(`${weekOf(from)}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 7 * DAY_MS) {
    weeks.push(new Date(t).toISOString().slice(0, 10));
  }
  return weeks;
}

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
  const weeks = weeksBetween(from, to);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const zeros = () => weeks.map(() => 0);
  const withText = zeros();
  const series = new Map(
    taxonomy.themes.map((t) => [
      t.id,
      { theme: t.id, label: t.label, count: zeros(), positive: zeros(), negative: zeros() },
    ]),
  );
  for (const r of rows) {
    const i = index.get(r.week);
    if (i === undefined) continue;
    if (r.theme === '*') {
      withText[i]! += r.n;
      continue;
    }
    const s = series.get(r.theme);
    if (!s) continue; // a theme since removed from the taxonomy
    s.count[i]! += r.n;
    if (r.sentiment === 'positive') s.positive[i]! += r.n;
    if (r.sentiment === 'negative') s.negative[i]! += r.n;
  }
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const themes = [...series.values()].sort((a, b) => total(b.count) - total(a.count));
  return { from, to, weeks, withText, themes };
}
