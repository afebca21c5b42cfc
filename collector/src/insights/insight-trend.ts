import type { Taxonomy } from './types.js';

// The trend view's dialect-neutral half: ISO weeks, and the weekly series from counts per week.

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

/** GET …/insights/trend from counts per week (Monday), theme and sentiment; theme '*' the comments. */
export function trendOf(
  rows: readonly { week: string; theme: string; sentiment: string; n: number }[],
  taxonomy: Taxonomy,
  from: string,
  to: string,
) {
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
