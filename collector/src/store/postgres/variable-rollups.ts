import type pg from 'pg';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import { rollupDeltas } from '../plan/rollup-contribution.js';
import { MAX_ROLLUP_LEVELS, type VarDelta } from '../plan/variable-rollup.js';
import type { ImpactDelta } from '../plan/impact-rollup.js';
import type { Queryable } from './db.js';
import { sumImpact, writeImpactDeltas } from './impact-rollups.js';
import { typeHistory } from './question-types.js';
import type { ResponseRow } from './rows.js';

/**
 * The var_rollups upkeep on PostgreSQL (migrations/postgres/017_variable_rollups.sql), as the SQLite
 * store's (sqlite/variable-rollups.ts): summed deltas upserted with one statement, new levels registered,
 * and a variable over MAX_ROLLUP_LEVELS levels on its site made scan only (its rows deleted). Rows are
 * written in key order, so two collectors committing at once lock them in the same order.
 */

const UPSERT = `INSERT INTO var_rollups AS v (site, variable, day, survey, touchpoint, channel, question, qtype, level,
  value, count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::text[], $8::text[], $9::text[], $10::int[], $11::int[])
  ON CONFLICT (site, variable, day, survey, touchpoint, channel, question, qtype, level, value)
  DO UPDATE SET count = v.count + excluded.count`;

/** Between a site and a variable in a map key. */
const SEP = '\u0000';
/** Responses a rebuild reads per round trip. */
const REBUILD_PAGE = 20_000;

/** Writes summed var_rollups deltas, inside the transaction that made them. */
export async function writeVariableDeltas(db: Queryable, deltas: readonly VarDelta[]): Promise<void> {
  const live = deltas.filter((d) => d.count !== 0);
  if (live.length === 0) return;
  const pairs = [...new Set(live.map((d) => `${d.site}${SEP}${d.variable}`))].sort();
  const split = pairs.map((p) => p.split(SEP) as [string, string]);
  const { rows: scanOnly } = await db.query<{ site: string; variable: string }>(
    `SELECT site, variable FROM rollup_variables WHERE scan_only = 1
    AND (site, variable) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [split.map((p) => p[0]), split.map((p) => p[1])],
  );
  const skip = new Set(scanOnly.map((r) => `${r.site}${SEP}${r.variable}`));
  const levels = [
    ...new Set(
      live
        .filter((d) => !skip.has(`${d.site}${SEP}${d.variable}`))
        .map((d) => `${d.site}${SEP}${d.variable}${SEP}${d.level}`),
    ),
  ]
    .sort()
    .map((l) => l.split(SEP) as [string, string, string]);
  if (levels.length > 0) {
    const { rows: added } = await db.query<{ site: string; variable: string }>(
      `INSERT INTO rollup_levels (site, variable, level) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
      ON CONFLICT DO NOTHING RETURNING site, variable`,
      [levels.map((l) => l[0]), levels.map((l) => l[1]), levels.map((l) => l[2])],
    );
    const grown = new Map<string, number>();
    for (const r of added)
      grown.set(`${r.site}${SEP}${r.variable}`, (grown.get(`${r.site}${SEP}${r.variable}`) ?? 0) + 1);
    const keys = [...grown.keys()].sort();
    if (keys.length > 0) {
      const parts = keys.map((k) => k.split(SEP) as [string, string]);
      const { rows: counted } = await db.query<{ site: string; variable: string; levels: number }>(
        `INSERT INTO rollup_variables AS r (site, variable, levels, scan_only)
        SELECT site, variable, n, 0 FROM unnest($1::text[], $2::text[], $3::int[]) AS u(site, variable, n)
        ON CONFLICT (site, variable) DO UPDATE SET levels = r.levels + excluded.levels
        RETURNING site, variable, levels`,
        [parts.map((p) => p[0]), parts.map((p) => p[1]), keys.map((k) => grown.get(k) as number)],
      );
      for (const r of counted) {
        if (r.levels <= MAX_ROLLUP_LEVELS) continue;
        skip.add(`${r.site}${SEP}${r.variable}`);
        await db.query('UPDATE rollup_variables SET scan_only = 1 WHERE site = $1 AND variable = $2', [
          r.site,
          r.variable,
        ]);
        await db.query('DELETE FROM var_rollups WHERE site = $1 AND variable = $2', [r.site, r.variable]);
        await db.query('DELETE FROM rollup_levels WHERE site = $1 AND variable = $2', [r.site, r.variable]);
      }
    }
  }
  const rows = live
    .filter((d) => !skip.has(`${d.site}${SEP}${d.variable}`))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (rows.length === 0) return;
  const col = <T>(f: (d: VarDelta) => T) => rows.map(f);
  await db.query(UPSERT, [
    col((d) => d.site),
    col((d) => d.variable),
    col((d) => d.day),
    col((d) => d.survey),
    col((d) => d.touchpoint),
    col((d) => d.channel),
    col((d) => d.question),
    col((d) => d.qtype),
    col((d) => d.level),
    col((d) => d.value),
    col((d) => d.count),
  ]);
}

/** See `Store.rebuildVariableRollups`; in the caller's transaction. */
export async function rebuildVariableRollups(db: pg.PoolClient, site: string): Promise<number> {
  // The impact rollup (migration 020) is recounted here too: the migration left its sites pending.
  for (const table of ['var_rollups', 'rollup_levels', 'rollup_variables', 'impact_rollups'])
    await db.query(`DELETE FROM ${table} WHERE site = $1`, [site]);
  const types = await typeHistory(db, [site]);
  const { rows: zones } = await db.query<{ zone: string | null }>(
    "SELECT settings ->> 'timeZone' AS zone FROM sites WHERE key = $1",
    [site],
  );
  const zone = zones[0]?.zone ?? DEFAULT_TIME_ZONE;
  let read = 0;
  let after = '';
  for (;;) {
    const { rows } = await db.query<ResponseRow>(
      'SELECT * FROM responses WHERE site = $1 AND id > $2 ORDER BY id LIMIT $3',
      [site, after, REBUILD_PAGE],
    );
    const sums = new Map<string, VarDelta>();
    const impact = new Map<string, ImpactDelta>();
    for (const r of rows) {
      const deltas = rollupDeltas(r, 1, types, zone);
      for (const d of deltas.vars) {
        const sum = sums.get(d.key);
        if (sum) sum.count += d.count;
        else sums.set(d.key, d);
      }
      sumImpact(impact, deltas.impact);
    }
    await writeVariableDeltas(db, [...sums.values()]);
    await writeImpactDeltas(db, impact);
    read += rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < REBUILD_PAGE) break;
    after = last.id;
  }
  await db.query('DELETE FROM variable_rollups_pending WHERE site = $1', [site]);
  return read;
}
