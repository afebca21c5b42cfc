import type pg from 'pg';
import { inTransaction, type Queryable } from './db.js';
import { lockSiteZoneForUpdate } from './site-zones.js';

/**
 * The sites migration 026 left with their level rollups (var_level_rollups: var_rollups summed over touchpoint
 * and channel) still to sum. The store keeps the rows of every write from then on (variable-rollups.ts); a
 * pending site's earlier rows are summed here, after the store opened, so that a collector's start never waits
 * for a pass over var_rollups. Reads use var_rollups for a site until it is filled.
 */

/** True while the site's level rollups are still to be summed: its reads use var_rollups. */
export async function levelRollupsPending(db: Queryable, site: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM var_level_rollups_pending WHERE site = $1', [site]);
  return rows.length > 0;
}

/** Level rows of site $1 summed from its var_rollups. */
const FILL = `INSERT INTO var_level_rollups (site, variable, day, survey, question, qtype, level, value, count)
  SELECT site, variable, day, survey, question, qtype, level, value, sum(count) FROM var_rollups WHERE site = $1
  GROUP BY site, variable, day, survey, question, qtype, level, value HAVING sum(count) <> 0`;

/**
 * Sums the level rollups of every pending site, one site per transaction; returns the sites this call filled.
 * Each holds the site's row locked for update, which every write of the site's rollups waits for (it reads
 * the site's zone under a share lock, site-zones.ts): the sum is of every committed var_rollups row, and
 * writes after it add their deltas to the sum. Two collectors starting at once fill each site once: the
 * second finds it no longer pending once it has the lock.
 */
export async function fillPendingLevelRollups(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ site: string }>('SELECT site FROM var_level_rollups_pending ORDER BY site');
  const filled: string[] = [];
  for (const { site } of rows) {
    const done = await inTransaction(pool, async (client) => {
      if ((await lockSiteZoneForUpdate(client, site)) === null) return false;
      const claimed = await client.query('DELETE FROM var_level_rollups_pending WHERE site = $1', [site]);
      if (claimed.rowCount === 0) return false;
      // Rows written while the site was pending are part of the sum: replaced, not added to.
      await client.query('DELETE FROM var_level_rollups WHERE site = $1', [site]);
      await client.query(FILL, [site]);
      return true;
    });
    if (done) filled.push(site);
  }
  return filled;
}
