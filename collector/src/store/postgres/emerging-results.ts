import type pg from 'pg';
import type { EmergingResults } from '../../insights/emerging-results.js';
import type { EmergingView } from '../../insights/insight-store.js';
import { json } from './db.js';
import { computeEmerging } from './insight-views.js';

/** The stored emerging results of the PostgreSQL store (022_insight_emerging_results.sql). */
export function pgEmergingResults(pool: pg.Pool): EmergingResults {
  return {
    compute: (site, q, segment) => computeEmerging(pool, site, q, segment),
    async comments(site) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT coalesce(sum(count), 0) AS n FROM insight_week_rollups WHERE site = $1 AND touchpoint = '' AND theme = '*'`,
        [site],
      );
      return Number(rows[0]!.n);
    },
    async stored(site, key) {
      const { rows } = await pool.query<{ result: string; comments: string; read_at: string }>(
        'SELECT result, comments, read_at FROM insight_emerging WHERE site = $1 AND query = $2',
        [site, key],
      );
      const row = rows[0];
      return row
        ? { view: JSON.parse(row.result) as EmergingView, comments: Number(row.comments), readAt: row.read_at }
        : null;
    },
    async save(site, key, comments, view, examples) {
      // A refresh keeps read_at: only reads keep a result alive.
      await pool.query(
        `INSERT INTO insight_emerging (site, query, computed_at, comments, examples, result, read_at)
        VALUES ($1, $2, $3, $4, $5, $6, $3) ON CONFLICT (site, query) DO UPDATE SET computed_at = excluded.computed_at,
        comments = excluded.comments, examples = excluded.examples, result = excluded.result`,
        [site, key, view.computedAt, comments, examples.join(' '), json(view)],
      );
    },
    async touch(site, key, readAt) {
      await pool.query('UPDATE insight_emerging SET read_at = $1 WHERE site = $2 AND query = $3', [readAt, site, key]);
    },
    async recent(since) {
      const { rows } = await pool.query<{ site: string; key: string; comments: string }>(
        'SELECT site, query AS key, comments FROM insight_emerging WHERE read_at >= $1 ORDER BY computed_at',
        [since],
      );
      return rows.map((r) => ({ ...r, comments: Number(r.comments) }));
    },
    async prune(before) {
      await pool.query('DELETE FROM insight_emerging WHERE read_at < $1', [before]);
    },
  };
}
