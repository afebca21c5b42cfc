import type { Config } from '../config.js';
import { openStore } from '../store/open.js';
import { insightEngine } from './engine.js';

/**
 * `touchpoint insights backfill --site S`: analyses all of a site's stored responses again with its current
 * taxonomy and roster (data from before insights existed, or after the taxonomy changed), on either store.
 * Safe while collectors run: each batch replaces its responses' analyses in one transaction.
 */
export async function backfillInsights(config: Config, site: string): Promise<number> {
  const store = await openStore(config, { commitWindowMs: 0, writer: 'inline' });
  try {
    if (!(await store.getSite(site))) throw new Error(`No site "${site}" in ${config.TOUCHPOINT_DB}`);
    const engine = insightEngine(store, 'inline');
    if (!engine) throw new Error('this store keeps no verbatim insights');
    try {
      return await engine.backfill(site);
    } finally {
      await engine.close();
    }
  } finally {
    await store.close();
  }
}
