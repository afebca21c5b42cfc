import type pg from 'pg';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import { rollupDeltas } from '../plan/rollup-contribution.js';
import { DEFAULT_ROLLUP_LEVEL_CAP } from '@touchpoint/shared';
import { binnedLevel, edgesFor } from '../plan/variable-bins.js';
import { namedPairVariables, pairScope, type PairState } from '../plan/pair-scope.js';
import { MAX_PAIR_VARIABLES, type PairScope, type VarDelta } from '../plan/variable-rollup.js';
import type { ImpactDelta } from '../plan/impact-rollup.js';
import { together, type FinalStatement, type Queryable } from './db.js';
import { sumImpact, writeImpactDeltas } from './impact-rollups.js';
import { typeHistory } from './question-types.js';
import { tieredUpsert, type PgWeekSums, type TieredUpsert } from './week-tier.js';
import type { ResponseRow } from './rows.js';

/**
 * The var_rollups upkeep on PostgreSQL (migrations/postgres/017_variable_rollups.sql), as the SQLite
 * store's (sqlite/variable-rollups.ts): summed deltas upserted with one statement, new levels registered,
 * and a variable over its site's level cap binned (numeric: plan/variable-bins.ts) or made scan only (its
 * rows deleted). Rows are written in key order, so two collectors committing at once lock them in the same
 * order. The level rollups (var_level_rollups, migration 026: var_rollups summed over touchpoint and channel)
 * and the cell rollups (var_cell_rollups, migration 030: summed over the answer value) change here with them,
 * in the same transaction: every write of var_rollups is in this file (site-zones.ts's recount deletes all
 * three, and a deleted site cascades).
 */

const UPSERT = `INSERT INTO var_rollups AS v (site, variable, day, survey, touchpoint, channel, question, qtype, level,
  value, count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::text[], $8::text[], $9::text[], $10::int[], $11::int[])
  ON CONFLICT (site, variable, day, survey, touchpoint, channel, question, qtype, level, value, shard)
  DO UPDATE SET count = v.count + excluded.count`;

/** The same deltas summed over touchpoint and channel (migrations/postgres/026_var_level_rollups.sql). */
const UPSERT_LEVELS = `INSERT INTO var_level_rollups AS l (site, variable, day, survey, question, qtype, level, value,
  count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::int[], $9::int[])
  ON CONFLICT (site, variable, day, survey, question, qtype, level, value, shard)
  DO UPDATE SET count = l.count + excluded.count`;

/** The same deltas summed over the answer value (migrations/postgres/030_var_cell_rollups.sql). */
const UPSERT_CELLS = `INSERT INTO var_cell_rollups AS c (site, variable, day, survey, touchpoint, channel, question, qtype,
  level, count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::text[], $8::text[], $9::text[], $10::int[])
  ON CONFLICT (site, variable, day, survey, touchpoint, channel, question, qtype, level, shard)
  DO UPDATE SET count = c.count + excluded.count`;

/** UPSERT's columns, named as VarDelta's fields (as LEVELS' and CELLS' are). */
const VAR_COLUMNS = [
  'site',
  'variable',
  'day',
  'survey',
  'touchpoint',
  'channel',
  'question',
  'qtype',
  'level',
  'value',
  'count',
];

/** The unnest arrays of `rows`' `columns` (each a field of the rows), in that order. */
const arraysOf = (rows: readonly Omit<VarDelta, 'key'>[], columns: readonly string[]): unknown[][] =>
  columns.map((c) => rows.map((d) => d[c as keyof Omit<VarDelta, 'key' | 'pair'>]));

// The upserts of the tables with week rows, with their arrays' columns and types (PgWeekSums sums them by week).
const LEVELS: TieredUpsert = {
  table: 'var_level_rollups',
  sql: UPSERT_LEVELS,
  columns: ['site', 'variable', 'day', 'survey', 'question', 'qtype', 'level', 'value', 'count'],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'int', 'int'],
};
const CELLS: TieredUpsert = {
  table: 'var_cell_rollups',
  sql: UPSERT_CELLS,
  columns: ['site', 'variable', 'day', 'survey', 'touchpoint', 'channel', 'question', 'qtype', 'level', 'count'],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'int'],
};

/** Between a site and a variable in a map key. */
const SEP = '\u0000';
/** Responses a rebuild reads per round trip. */
const REBUILD_PAGE = 20_000;

/** A site's variable as a map key. */
const pairKey = (site: string, variable: string) => `${site}${SEP}${variable}`;

/**
 * The variables each site's pairwise rollups cross, for the write plans of the caller's transaction (which
 * holds the sites' rows share-locked: no recount nor settings change commits before it ends), in one round trip.
 */
export async function pgPairScopes(db: Queryable, sites: readonly string[]): Promise<Map<string, PairScope>> {
  // kind: 0 or 1 a pair_variables row (crossed), 2 a variable binned or scan only, 3 the site's settings.pairVariables.
  const { rows } = await db.query<{ site: string; variable: string | null; kind: number }>(
    `SELECT site, variable, crossed AS kind FROM pair_variables WHERE site = ANY($1::text[])
    UNION ALL SELECT site, variable, 2 FROM rollup_variables WHERE site = ANY($1::text[]) AND scan_only = 1
    UNION ALL SELECT site, variable, 2 FROM rollup_bins WHERE site = ANY($1::text[])
    UNION ALL SELECT key, settings ->> 'pairVariables', 3 FROM sites WHERE key = ANY($1::text[])`,
    [sites],
  );
  const states = new Map<string, PairState & { registered: Map<string, boolean>; notOwn: Set<string> }>();
  for (const site of sites) states.set(site, { registered: new Map(), notOwn: new Set(), named: null });
  for (const r of rows) {
    const state = states.get(r.site);
    if (!state || r.variable === null) continue;
    if (r.kind === 3) state.named = JSON.parse(r.variable) as string[] | null;
    else if (r.kind === 2) state.notOwn.add(r.variable);
    else state.registered.set(r.variable, r.kind === 1);
  }
  return new Map([...states].map(([site, state]) => [site, pairScope(state)]));
}

/**
 * Writes summed var_rollups deltas, inside the transaction that made them; `weeks`: the transaction sums the
 * week rows of its level, cell and pair upserts itself (PgWeekSums). Two round trips in the usual case: what
 * the store holds of the variables read and their new levels registered in one statement, then the variables'
 * own rows and their pairs upserted together. A variable that passes its site's level cap here is binned or made
 * scan only first, and its pairs are then read again and written after its own rows.
 */
export async function writeVariableDeltas(
  db: Queryable,
  deltas: readonly VarDelta[],
  weeks: PgWeekSums | null = null,
  last?: FinalStatement[],
): Promise<void> {
  const live = deltas.filter((d) => d.count !== 0);
  const own = live.filter((d) => !d.pair);
  const pairs = live.filter((d) => d.pair);
  const present = own.filter((d) => d.level !== 'null');
  const names = pairNames(pairs, present);
  const variables = [...new Set([...own.map((d) => pairKey(d.site, d.variable)), ...names])].sort();
  if (variables.length === 0) return;
  const held = await readVariables(db, variables, own);
  const { rows, capped } = await ownRows(db, own, held);
  // After a cap pass the pairs' variables are read again: one of them was just binned or made scan only.
  const crossed = await crossedPairs(db, names, capped ? null : held.variables);
  await runUpserts(db, [...ownUpserts(rows), ...pairUpserts(pairs, crossed)], weeks, last);
}

/** An upsert of summed rows, as data (its table's week sums, when it has week rows). */
interface Upsert {
  tier: TieredUpsert | null;
  text: string;
  values: unknown[];
}

/**
 * Runs upserts in their order (a transaction locks all its var_rollups rows before any level row, those before
 * any cell row, and those before any pair row, so two collectors committing at once never hold rows of one
 * table in opposite orders): with `weeks`, one at a time, each with its week sums (PgWeekSums.upsert switches
 * triggers off around it: nothing else may run in between); with `last`, left there to go out with the COMMIT;
 * else together.
 */
async function runUpserts(
  db: Queryable,
  upserts: readonly Upsert[],
  weeks: PgWeekSums | null,
  last: FinalStatement[] | undefined,
): Promise<void> {
  if (weeks) {
    for (const u of upserts) await (u.tier ? tieredUpsert(db, weeks, u.tier, u.values) : db.query(u.text, u.values));
  } else if (last) last.push(...upserts.map(({ text, values }) => ({ text, values })));
  else await together(db, ...upserts.map((u) => () => db.query(u.text, u.values)));
}

/** The variables (site and name, as pairKey) of pair deltas and of variables present with a value, sorted. */
function pairNames(pairs: readonly VarDelta[], present: readonly VarDelta[]): string[] {
  return [
    ...new Set([
      ...present.map((d) => pairKey(d.site, d.variable)),
      ...pairs.flatMap((d) => [pairKey(d.site, d.variable), pairKey(d.site, d.pair?.variable ?? '')]),
    ]),
  ].sort();
}

/** What the store holds of a site's variable, as a write reads it. */
interface HeldVariable {
  /** rolled up with its own levels: neither binned nor scan only */
  own: boolean;
  scanOnly: boolean;
  /** its bins' cut points, when binned */
  edges: number[] | null;
  /** its pair_variables row (1 crossed, 0 not), null before it is registered */
  crossed: number | null;
  /** its site's settings.pairVariables as stored (JSON), null when unset */
  named: string | null;
}

/**
 * One round trip: what the store holds of `variables` (pairKeys, sorted), and the levels of `own`'s deltas
 * registered in rollup_levels, except those of a variable binned or scan only (in key order, so two collectors
 * registering at once lock the rows in the same order); `added`: how many were new, per variable.
 */
async function readVariables(
  db: Queryable,
  variables: readonly string[],
  own: readonly VarDelta[],
): Promise<{ variables: Map<string, HeldVariable>; added: Map<string, number> }> {
  const split = variables.map((p) => p.split(SEP) as [string, string]);
  const levels = [...new Set(own.map((d) => `${d.site}${SEP}${d.variable}${SEP}${d.level}`))]
    .sort()
    .map((l) => l.split(SEP) as [string, string, string]);
  const { rows } = await db.query<{
    site: string;
    variable: string;
    scan_only: number | null;
    edges: string | null;
    crossed: number | null;
    named: string | null;
    added: boolean;
  }>(
    `WITH held AS (
      SELECT u.site, u.variable, v.scan_only, b.edges, p.crossed, s.settings ->> 'pairVariables' AS named
      FROM unnest($1::text[], $2::text[]) AS u(site, variable)
      LEFT JOIN rollup_variables v ON v.site = u.site AND v.variable = u.variable
      LEFT JOIN rollup_bins b ON b.site = u.site AND b.variable = u.variable
      LEFT JOIN pair_variables p ON p.site = u.site AND p.variable = u.variable
      LEFT JOIN sites s ON s.key = u.site
    ), added AS (
      INSERT INTO rollup_levels (site, variable, level)
      SELECT l.site, l.variable, l.level
      FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS l(site, variable, level, n)
      WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.site = l.site AND h.variable = l.variable
        AND (h.scan_only = 1 OR h.edges IS NOT NULL))
      ORDER BY l.n
      ON CONFLICT DO NOTHING RETURNING site, variable
    )
    SELECT site, variable, scan_only, edges, crossed, named, false AS added FROM held
    UNION ALL SELECT site, variable, NULL, NULL, NULL, NULL, true FROM added`,
    [
      split.map((p) => p[0]),
      split.map((p) => p[1]),
      levels.map((l) => l[0]),
      levels.map((l) => l[1]),
      levels.map((l) => l[2]),
    ],
  );
  const held = new Map<string, HeldVariable>();
  const added = new Map<string, number>();
  for (const r of rows) {
    const key = pairKey(r.site, r.variable);
    if (r.added) added.set(key, (added.get(key) ?? 0) + 1);
    else
      held.set(key, {
        own: r.scan_only !== 1 && r.edges === null,
        scanOnly: r.scan_only === 1,
        edges: r.edges === null ? null : (JSON.parse(r.edges) as number[]),
        crossed: r.crossed,
        named: r.named,
      });
  }
  return { variables: held, added };
}

const UPSERT_PAIRS = `INSERT INTO var_pair_rollups AS v (site, day, survey, question, qtype, variable_a, level_a,
  variable_b, level_b, count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
  $6::text[], $7::text[], $8::text[], $9::text[], $10::int[])
  ON CONFLICT (site, day, survey, question, qtype, variable_a, level_a, variable_b, level_b, shard)
  DO UPDATE SET count = v.count + excluded.count`;
const PAIRS: TieredUpsert = {
  table: 'var_pair_rollups',
  sql: UPSERT_PAIRS,
  columns: ['site', 'day', 'survey', 'question', 'qtype', 'variable_a', 'level_a', 'variable_b', 'level_b', 'count'],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'int'],
};

/**
 * Which of `names` (pairNames) the site's pairwise rollups (var_pair_rollups, migration 025) cross, registering
 * each the first time it is seen with a value: crossed while the site has pair slots left (MAX_PAIR_VARIABLES)
 * and it is rolled up with its own levels. `held`: what the store holds of `names`, read earlier in this
 * transaction; null: read here.
 */
async function crossedPairs(
  db: Queryable,
  names: readonly string[],
  held: ReadonlyMap<string, HeldVariable> | null,
): Promise<Set<string>> {
  const crossed = new Set<string>();
  if (names.length === 0) return crossed;
  let known: { site: string; variable: string; own: boolean; crossed: number | null; named: string | null }[];
  if (held) {
    known = names.map((key) => {
      const [site, variable] = key.split(SEP) as [string, string];
      const h = held.get(key);
      return { site, variable, own: h?.own ?? true, crossed: h?.crossed ?? null, named: h?.named ?? null };
    });
  } else {
    const split = names.map((p) => p.split(SEP) as [string, string]);
    ({ rows: known } = await db.query<{
      site: string;
      variable: string;
      own: boolean;
      crossed: number | null;
      named: string | null;
    }>(
      `SELECT u.site, u.variable, coalesce(v.scan_only, 0) = 0 AND b.edges IS NULL AS own, p.crossed,
        s.settings ->> 'pairVariables' AS named
      FROM unnest($1::text[], $2::text[]) AS u(site, variable)
      LEFT JOIN rollup_variables v ON v.site = u.site AND v.variable = u.variable
      LEFT JOIN rollup_bins b ON b.site = u.site AND b.variable = u.variable
      LEFT JOIN pair_variables p ON p.site = u.site AND p.variable = u.variable
      LEFT JOIN sites s ON s.key = u.site`,
      [split.map((p) => p[0]), split.map((p) => p[1])],
    ));
  }
  for (const r of known) {
    let yes = r.crossed;
    if (yes === null) {
      const named = namedPairVariables(r.named === null ? null : (JSON.parse(r.named) as string[] | null));
      // In name order: two collectors registering at once lock the rows in the same order. Crossed as
      // plan/pair-scope.ts's crossesFirstSeen says: named by the site ($4), or a slot left when it names none.
      const { rows } = await db.query<{ crossed: number }>(
        `WITH added AS (INSERT INTO pair_variables (site, variable, crossed) VALUES ($1, $2,
          CASE WHEN $3 AND coalesce($4::boolean,
            (SELECT count(*) FROM pair_variables WHERE site = $1 AND crossed = 1) < ${MAX_PAIR_VARIABLES})
          THEN 1 ELSE 0 END) ON CONFLICT DO NOTHING RETURNING crossed)
        SELECT crossed FROM added UNION ALL SELECT crossed FROM pair_variables WHERE site = $1 AND variable = $2`,
        [r.site, r.variable, r.own, named === null ? null : named.has(r.variable)],
      );
      yes = rows[0]?.crossed ?? 0;
    }
    if (yes === 1 && r.own) crossed.add(pairKey(r.site, r.variable));
  }
  return crossed;
}

/** The upsert of the pair deltas of two crossed variables (`crossed`: crossedPairs), summed per row; none if none. */
function pairUpserts(live: readonly VarDelta[], crossed: ReadonlySet<string>): Upsert[] {
  const keyOf = (d: VarDelta) =>
    [d.site, d.day, d.survey, d.question, d.qtype, d.variable, d.level, d.pair?.variable, d.pair?.level].join(SEP);
  const sums = new Map<string, VarDelta>();
  for (const d of live) {
    if (!crossed.has(pairKey(d.site, d.variable)) || !crossed.has(pairKey(d.site, d.pair?.variable ?? ''))) continue;
    const k = keyOf(d);
    const s = sums.get(k);
    if (s) s.count += d.count;
    else sums.set(k, { ...d });
  }
  // In key order, so two collectors committing at once lock the rows in the same order.
  const rows = byKey(sums);
  if (rows.length === 0) return [];
  const col = <T>(f: (d: VarDelta) => T) => rows.map(f);
  const values = [
    col((d) => d.site),
    col((d) => d.day),
    col((d) => d.survey),
    col((d) => d.question),
    col((d) => d.qtype),
    col((d) => d.variable),
    col((d) => d.level),
    col((d) => d.pair?.variable ?? ''),
    col((d) => d.pair?.level ?? ''),
    col((d) => d.count),
  ];
  return [{ tier: PAIRS, text: UPSERT_PAIRS, values }];
}

/**
 * The var_rollups rows of the variables' own deltas (`live`): a scan-only variable's left out, a binned one's
 * at its bins. A variable whose new levels (`held.added`) take it over its site's cap is binned or made scan
 * only here first (`capped`).
 */
async function ownRows(
  db: Queryable,
  live: readonly VarDelta[],
  held: { variables: ReadonlyMap<string, HeldVariable>; added: ReadonlyMap<string, number> },
): Promise<{ rows: Omit<VarDelta, 'key'>[]; capped: boolean }> {
  const skip = new Set<string>();
  const binned = new Map<string, number[]>();
  for (const [key, h] of held.variables) {
    if (h.scanOnly) skip.add(key);
    if (h.edges !== null) binned.set(key, h.edges);
  }
  let capped = false;
  const keys = [...held.added.keys()].sort();
  if (keys.length > 0) {
    const parts = keys.map((k) => k.split(SEP) as [string, string]);
    // The cap of each site (settings.rollupLevelCap), read with the row the upsert locks.
    const { rows: counted } = await db.query<{ site: string; variable: string; levels: number; cap: number | null }>(
      `INSERT INTO rollup_variables AS r (site, variable, levels, scan_only)
      SELECT site, variable, n, 0 FROM unnest($1::text[], $2::text[], $3::int[]) AS u(site, variable, n)
      ON CONFLICT (site, variable) DO UPDATE SET levels = r.levels + excluded.levels
      RETURNING site, variable, levels,
        (SELECT (settings ->> 'rollupLevelCap')::int FROM sites WHERE key = r.site) AS cap`,
      [parts.map((p) => p[0]), parts.map((p) => p[1]), keys.map((k) => held.added.get(k) as number)],
    );
    for (const r of counted) {
      if (r.levels <= (r.cap ?? DEFAULT_ROLLUP_LEVEL_CAP)) continue;
      capped = true;
      const key = pairKey(r.site, r.variable);
      const edges = await passCap(
        db,
        r.site,
        r.variable,
        live.filter((d) => pairKey(d.site, d.variable) === key),
      );
      if (edges === false) skip.add(key);
      else binned.set(key, edges);
    }
  }
  const rows = live
    .filter((d) => !skip.has(pairKey(d.site, d.variable)))
    .map((d) => {
      const edges = binned.get(pairKey(d.site, d.variable));
      return edges === undefined ? d : { ...d, level: binnedLevel(d.level, edges) };
    });
  return { rows, capped };
}

/** Sorted by key: two collectors committing at once lock the rows of one table in the same order. */
const byKey = <T>(map: Map<string, T>): T[] =>
  [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, d]) => d);

/**
 * The upserts of var_rollups rows, then of their sums over touchpoint and channel into var_level_rollups, then
 * of their sums over the answer value into var_cell_rollups, each in key order (see runUpserts).
 */
function ownUpserts(list: readonly Omit<VarDelta, 'key'>[]): Upsert[] {
  if (list.length === 0) return [];
  const keyOf = (d: Omit<VarDelta, 'key'>) =>
    [d.site, d.variable, d.day, d.survey, d.touchpoint, d.channel, d.question, d.qtype, d.level, d.value].join(SEP);
  const levelKeyOf = (d: Omit<VarDelta, 'key'>) =>
    [d.site, d.variable, d.day, d.survey, d.question, d.qtype, d.level, d.value].join(SEP);
  const cellKeyOf = (d: Omit<VarDelta, 'key'>) =>
    [d.site, d.variable, d.day, d.survey, d.touchpoint, d.channel, d.question, d.qtype, d.level].join(SEP);
  // Summed per row first: one upsert may not touch a row twice (binning maps several levels to one).
  const sums = new Map<string, Omit<VarDelta, 'key'>>();
  const levelSums = new Map<string, Omit<VarDelta, 'key'>>();
  const cellSums = new Map<string, Omit<VarDelta, 'key'>>();
  for (const d of list) {
    for (const [map, k] of [
      [sums, keyOf(d)],
      [levelSums, levelKeyOf(d)],
      [cellSums, cellKeyOf(d)],
    ] as const) {
      const s = map.get(k);
      if (s) s.count += d.count;
      else map.set(k, { ...d });
    }
  }
  // Deltas of one level row over several touchpoints can cancel out (a response merged into another channel),
  // and so can those of one cell row over several answer values (a merge that changed the answer only).
  const levels = byKey(levelSums).filter((d) => d.count !== 0);
  const cells = byKey(cellSums).filter((d) => d.count !== 0);
  const upserts: Upsert[] = [{ tier: null, text: UPSERT, values: arraysOf(byKey(sums), VAR_COLUMNS) }];
  if (levels.length > 0) upserts.push({ tier: LEVELS, text: UPSERT_LEVELS, values: arraysOf(levels, LEVELS.columns) });
  if (cells.length > 0) upserts.push({ tier: CELLS, text: UPSERT_CELLS, values: arraysOf(cells, CELLS.columns) });
  return upserts;
}

/** Deletes a site's variable's var_rollups rows, and their level and cell rows with them. */
async function deleteVariableRows(db: Queryable, site: string, variable: string): Promise<void> {
  for (const table of ['var_rollups', 'var_level_rollups', 'var_cell_rollups'])
    await db.query(`DELETE FROM ${table} WHERE site = $1 AND variable = $2`, [site, variable]);
}

/**
 * A variable over its site's cap (its rollup_variables row locked by the caller's upsert): binned at cut
 * points from the answers counted so far and `list`'s (or those another collector stored first), its rows
 * rewritten; or made scan only (false) when its values are not numeric.
 */
async function passCap(
  db: Queryable,
  site: string,
  variable: string,
  list: readonly VarDelta[],
): Promise<number[] | false> {
  await db.query('DELETE FROM rollup_levels WHERE site = $1 AND variable = $2', [site, variable]);
  const { rows: stored } = await db.query<Omit<VarDelta, 'key'>>(
    `SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, value, count FROM var_rollups
    WHERE site = $1 AND variable = $2`,
    [site, variable],
  );
  const counts = new Map<string, number>();
  for (const d of [...stored, ...list]) counts.set(d.level, (counts.get(d.level) ?? 0) + d.count);
  const chosen = edgesFor(counts);
  // Its insight rollups by level (migration 023) hold raw levels, read only while neither binned nor scan-only.
  await db.query('DELETE FROM insight_var_rollups WHERE site = $1 AND variable = $2', [site, variable]);
  // Its pairs are of levels no longer kept (migration 025).
  await db.query('DELETE FROM var_pair_rollups WHERE site = $1 AND (variable_a = $2 OR variable_b = $2)', [
    site,
    variable,
  ]);
  if (chosen === null) {
    await db.query('UPDATE rollup_variables SET scan_only = 1 WHERE site = $1 AND variable = $2', [site, variable]);
    await deleteVariableRows(db, site, variable);
    return false;
  }
  const { rows } = await db.query<{ edges: string }>(
    `WITH saved AS (INSERT INTO rollup_bins (site, variable, edges) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
    RETURNING edges) SELECT edges FROM saved UNION ALL SELECT edges FROM rollup_bins WHERE site = $1 AND variable = $2`,
    [site, variable, JSON.stringify(chosen)],
  );
  const edges = JSON.parse(rows[0]?.edges ?? JSON.stringify(chosen)) as number[];
  await deleteVariableRows(db, site, variable);
  await runUpserts(db, ownUpserts(stored.map((r) => ({ ...r, level: binnedLevel(r.level, edges) }))), null, undefined);
  return edges;
}

/** The insight rollups by level of site $1, counted from its stored analyses (023_insight_var_rollups.sql). */
const INSIGHT_VAR_RECOUNT = `SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment,
  count(*) FROM insight_var_parts WHERE site = $1
  GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment`;

/** Counts site `site`'s insight rollups by level again from its stored analyses; in the caller's transaction. */
export async function recountInsightVarRollups(db: pg.PoolClient, site: string): Promise<void> {
  await db.query('DELETE FROM insight_var_rollups WHERE site = $1', [site]);
  await db.query(`INSERT INTO insight_var_rollups ${INSIGHT_VAR_RECOUNT}`, [site]);
}

/**
 * A site's tables a recount of its variable rollups empties and counts again: the variable rollups with their
 * levels and variables, the level and cell rollups (migrations 026 and 030, no longer pending either), the
 * pairs (025) and the impact rollups (020, which the migration left pending). A time-zone recount empties them too.
 */
export const VARIABLE_RECOUNT_TABLES = [
  'var_rollups',
  'var_level_rollups',
  'var_level_rollups_pending',
  'var_cell_rollups',
  'var_cell_rollups_pending',
  'rollup_levels',
  'rollup_variables',
  'var_pair_rollups',
  'pair_variables',
  'impact_rollups',
] as const;

/** See `Store.rebuildVariableRollups`; in the caller's transaction. */
export async function rebuildVariableRollups(db: pg.PoolClient, site: string): Promise<number> {
  for (const table of VARIABLE_RECOUNT_TABLES) await db.query(`DELETE FROM ${table} WHERE site = $1`, [site]);
  const read = await eachPage(db, site, async (sums, impact) => {
    await writeVariableDeltas(db, [...sums.values()]);
    await writeImpactDeltas(db, impact);
  });
  // The insight rollups by level (migration 023) follow the variables now registered.
  await recountInsightVarRollups(db, site);
  await db.query('DELETE FROM variable_rollups_pending WHERE site = $1', [site]);
  return read;
}

/**
 * Counts a site's pairwise rollups again from its responses (its settings.pairVariables changed), its
 * variables' own rollups as they are; in the transaction that changed the site, which holds its row.
 */
export async function rebuildPairs(db: pg.PoolClient, site: string): Promise<void> {
  for (const table of ['var_pair_rollups', 'pair_variables'])
    await db.query(`DELETE FROM ${table} WHERE site = $1`, [site]);
  await eachPage(db, site, async (sums) => {
    const live = [...sums.values()].filter((d) => d.count !== 0);
    const pairs = live.filter((d) => d.pair);
    const names = pairNames(
      pairs,
      live.filter((d) => !d.pair && d.level !== 'null'),
    );
    await runUpserts(db, pairUpserts(pairs, await crossedPairs(db, names, null)), null, undefined);
  });
}

/** Reads a site's responses REBUILD_PAGE at a time, hands each page's summed deltas to `write`; the rows read. */
async function eachPage(
  db: pg.PoolClient,
  site: string,
  write: (vars: Map<string, VarDelta>, impact: Map<string, ImpactDelta>) => Promise<void>,
): Promise<number> {
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
    // Read again each page: the last one registered variables.
    const pairs = (await pgPairScopes(db, [site])).get(site);
    for (const r of rows) {
      const deltas = rollupDeltas(r, 1, types, zone, pairs);
      for (const d of deltas.vars) {
        const sum = sums.get(d.key);
        if (sum) sum.count += d.count;
        else sums.set(d.key, d);
      }
      sumImpact(impact, deltas.impact);
    }
    await write(sums, impact);
    read += rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < REBUILD_PAGE) break;
    after = last.id;
  }
  return read;
}
