import type pg from 'pg';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import type { ShownEventRecord } from '../store.js';
import type { RollupSource } from '../plan/rollup-contribution.js';
import type { VariableSource } from '../plan/variable-rollup.js';
import type { Queryable } from './db.js';
import { typeHistory } from './question-types.js';
import { RollupDeltas } from './rollup-deltas.js';
import { VARIABLE_RECOUNT_TABLES } from './variable-rollups.js';
import { WEEK_HORIZON_LOCK_KEY } from './week-tier.js';

/**
 * Site time zones on PostgreSQL. Each rollup row is a local day of its site's zone, so a zone change
 * recounts the site's rollups in the transaction that changes it, and every write reads the zones of its
 * sites under a share lock in its own transaction: a write either commits before the change (and is
 * recounted) or waits for it and counts in the new zone, even when its collector's site cache is stale.
 */

/** Responses read per query while recounting, so a site of millions is never held in memory at once. */
const RECOUNT_PAGE = 5000;

/** The time zones of `sites` as committed, locked against a change until the caller's transaction ends. */
export async function lockSiteZones(db: Queryable, sites: readonly string[]): Promise<Map<string, string>> {
  // Sorted, so that two transactions lock the same sites in the same order.
  const keys = [...new Set(sites)].sort();
  // The week horizon's advisory lock, shared (week-tier.ts): a collector moving the horizon waits for this write.
  const { rows } = await db.query<{ key: string; zone: string | null }>(
    `WITH horizon AS (SELECT pg_advisory_xact_lock_shared($2))
    SELECT key, settings ->> 'timeZone' AS zone FROM sites, horizon WHERE key = ANY($1::text[]) ORDER BY key
    FOR SHARE OF sites`,
    [keys, WEEK_HORIZON_LOCK_KEY.toString()],
  );
  return new Map(rows.map((r) => [r.key, r.zone ?? DEFAULT_TIME_ZONE]));
}

/** The time zone a site's rollups are counted in now, its row locked for an update by the caller's transaction. */
export async function lockSiteZoneForUpdate(db: Queryable, site: string): Promise<string | null> {
  const { rows } = await db.query<{ zone: string | null }>(
    `SELECT settings ->> 'timeZone' AS zone FROM sites WHERE key = $1 FOR NO KEY UPDATE`,
    [site],
  );
  return rows[0] === undefined ? null : (rows[0].zone ?? DEFAULT_TIME_ZONE);
}

/**
 * Rebuilds a site's rollups from its stored responses and impressions, counted in `timeZone`, inside the
 * caller's transaction (which holds the site row locked, so no write of the site commits meanwhile).
 */
export async function recountSite(client: pg.PoolClient, site: string, timeZone: string): Promise<void> {
  // The variable rollups are keyed by the same local days: they are rebuilt with the score rollups.
  for (const table of ['score_rollups', 'response_counts', ...VARIABLE_RECOUNT_TABLES, 'variable_rollups_pending'])
    await client.query(`DELETE FROM ${table} WHERE site = $1`, [site]);
  const types = await typeHistory(client, [site]);
  const rollups = new RollupDeltas();
  let after = '';
  for (;;) {
    const { rows } = await client.query<RollupSource & VariableSource & { id: string }>(
      `SELECT id, site, survey, touchpoint, channel, trigger, created_at, received_at, answers, flagged,
        device, vars
      FROM responses WHERE site = $1 AND id > $2 ORDER BY id LIMIT ${RECOUNT_PAGE}`,
      [site, after],
    );
    for (const r of rows) rollups.add(r, types, timeZone);
    const last = rows.at(-1);
    if (last === undefined || rows.length < RECOUNT_PAGE) break;
    after = last.id;
  }
  const { rows: events } = await client.query<ShownEventRecord>(
    `SELECT id, site, type, survey, touchpoint, channel, trigger, created_at AS "createdAt",
      received_at AS "receivedAt" FROM events WHERE site = $1 AND type = 'impression'`,
    [site],
  );
  for (const e of events) rollups.impression(e, timeZone);
  await rollups.flush(client);
}
