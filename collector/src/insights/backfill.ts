import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { SqliteInsights } from './sqlite-insights.js';
import { InsightWorker } from './worker.js';

/**
 * `touchpoint insights backfill --site S`: analyses all of a site's stored responses again with its current
 * taxonomy and roster (data from before insights existed, or after the taxonomy changed). Safe while the
 * collector runs: each batch replaces its responses' analyses in one transaction.
 */
export async function backfillInsights(file: string, site: string): Promise<number> {
  const store = new SqliteStore({ file, commitWindowMs: 0, writer: 'inline' });
  try {
    if (!(await store.getSite(site))) throw new Error(`No site "${site}" in ${file}`);
    return new InsightWorker(new SqliteInsights(store.db)).backfill(site);
  } finally {
    await store.close();
  }
}
