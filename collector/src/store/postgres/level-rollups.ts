import type pg from 'pg';
import { inTransaction, type Queryable } from './db.js';
import { lockSiteZoneForUpdate } from './site-zones.js';

/**
 * The sites whose rollups summed from var_rollups are still to sum: the level rollups migration 026 added
 * (var_level_rollups: var_rollups summed over touchpoint and channel) and the cell rollups of migration 030
 * (var_cell_rollups: summed over the answer value). The store keeps their rows of every write from then on
 * (variable-rollups.ts); a pending site's earlier rows are summed here, after the store opened, so that a
 * collector's start never waits for a pass over var_rollups. Reads use var_rollups for a site until it is filled.
 */

/** A rollup summed from var_rollups: its table, the table of its sites still to sum, and the sum of site $1. */
interface SummedRollup {
  table: 'var_level_rollups' | 'var_cell_rollups';
  pending: 'var_level_rollups_pending' | 'var_cell_rollups_pending';
  fill: string;
}

/** Level rows of site $1 summed from its var_rollups. */
const LEVELS: SummedRollup = {
  table: 'var_level_rollups',
  pending: 'var_level_rollups_pending',
  fill: `INSERT INTO var_level_rollups (site, variable, day, survey, question, qtype, level, value, count)
  SELECT site, variable, day, survey, question, qtype, level, value, sum(count) FROM var_rollups WHERE site = $1
  GROUP BY site, variable, day, survey, question, qtype, level, value HAVING sum(count) <> 0`,
};

/** Cell rows of site $1 summed from its var_rollups. */
const CELLS: SummedRollup = {
  table: 'var_cell_rollups',
  pending: 'var_cell_rollups_pending',
  fill: `INSERT INTO var_cell_rollups (site, variable, day, survey, touchpoint, channel, question, qtype, level, count)
  SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, sum(count) FROM var_rollups
  WHERE site = $1 GROUP BY site, variable, day, survey, touchpoint, channel, question, qtype, level
  HAVING sum(count) <> 0`,
};

async function pending(db: Queryable, rollup: SummedRollup, site: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM ${rollup.pending} WHERE site = $1`, [site]);
  return rows.length > 0;
}

/** True while the site's level rollups are still to be summed: its reads use var_rollups. */
export function levelRollupsPending(db: Queryable, site: string): Promise<boolean> {
  return pending(db, LEVELS, site);
}

/** True while the site's cell rollups (migration 030) are still to be summed: the model reads var_rollups. */
export function cellRollupsPending(db: Queryable, site: string): Promise<boolean> {
  return pending(db, CELLS, site);
}

/**
 * Sums the rows of every pending site, one site per transaction; returns the sites this call filled. Each
 * holds the site's row locked for update, which every write of the site's rollups waits for (it reads the
 * site's zone under a share lock, site-zones.ts): the sum is of every committed var_rollups row, and writes
 * after it add their deltas to the sum. Two collectors starting at once fill each site once: the second finds
 * it no longer pending once it has the lock.
 */
async function fillPending(pool: pg.Pool, rollup: SummedRollup): Promise<string[]> {
  const { rows } = await pool.query<{ site: string }>(`SELECT site FROM ${rollup.pending} ORDER BY site`);
  const filled: string[] = [];
  for (const { site } of rows) {
    const done = await inTransaction(pool, async (client) => {
      if ((await lockSiteZoneForUpdate(client, site)) === null) return false;
      const claimed = await client.query(`DELETE FROM ${rollup.pending} WHERE site = $1`, [site]);
      if (claimed.rowCount === 0) return false;
      // Rows written while the site was pending are part of the sum: replaced, not added to.
      await client.query(`DELETE FROM ${rollup.table} WHERE site = $1`, [site]);
      await client.query(rollup.fill, [site]);
      return true;
    });
    if (done) filled.push(site);
  }
  return filled;
}

/** Sums the level rollups (migration 026) of every pending site; returns the sites this call filled. */
export function fillPendingLevelRollups(pool: pg.Pool): Promise<string[]> {
  return fillPending(pool, LEVELS);
}

/** Sums the cell rollups (migration 030) of every pending site; returns the sites this call filled. */
export function fillPendingCellRollups(pool: pg.Pool): Promise<string[]> {
  return fillPending(pool, CELLS);
}
