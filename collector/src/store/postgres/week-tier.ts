import type pg from 'pg';
import { formatDay } from '../../scoring/calendar.js';
import { HORIZON_CHECK_MS, horizonAt, WEEK_KEYS, WEEK_TABLE, weeksBefore, type TieredTable } from '../week-rollups.js';
import type { Queryable } from './db.js';
import type { Where } from './score-queries.js';

/**
 * Week rows on PostgreSQL (migrations/postgres/032_week_rollups.sql), as on SQLite (sqlite/week-tier.ts): a
 * window reads its whole weeks before the horizon from the week tables and its other days from the day tables.
 * The day tables' row triggers keep the week rows of writes before the horizon; the horizon is a literal in
 * their WHEN, so writes after it (live traffic) never call them.
 */

/** The week tables' key columns besides the week: the day tables' (week-rollups.ts) and the shard (029). */
const KEYS = (table: TieredTable): string[] => [...WEEK_KEYS[table], 'shard'];

const TABLES = Object.keys(WEEK_TABLE) as TieredTable[];

/**
 * Key of the advisory lock of the horizon: each write transaction of the store holds it shared (writes.ts), a
 * collector moving the horizon holds it alone. "tpweekhz" in ASCII.
 */
export const WEEK_HORIZON_LOCK_KEY = 0x74707765_656b687an;

/** The first Monday whose week has no week rows yet. */
export async function pgWeekHorizon(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ monday: string }>('SELECT monday FROM week_rollup_horizon');
  return (rows[0] as { monday: string }).monday;
}

/**
 * The setting by which a transaction says that it sums its own writes' week rows (PgWeekSums): the triggers
 * then leave its day rows alone.
 */
const WRITER_SUMS = 'touchpoint.week_sums';
/** The trigger condition that a transaction does not sum its week rows itself. */
const NOT_SUMMED = `current_setting('${WRITER_SUMS}', true) IS DISTINCT FROM 'writer'`;

/**
 * The triggers of `horizon`: per day table, one each for insert, update and delete (WHEN names OLD or NEW),
 * skipped while the transaction sums the week rows itself.
 */
function triggerStatements(horizon: string): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(horizon)) throw new Error(`week horizon: not a day: ${horizon}`);
  return TABLES.flatMap((table) => {
    const run = `EXECUTE FUNCTION ${table}_week('${horizon}')`;
    return [
      `CREATE OR REPLACE TRIGGER ${table}_week_insert AFTER INSERT ON ${table} FOR EACH ROW
        WHEN (NEW.day < '${horizon}' AND ${NOT_SUMMED}) ${run}`,
      `CREATE OR REPLACE TRIGGER ${table}_week_update AFTER UPDATE ON ${table} FOR EACH ROW
        WHEN ((OLD.day < '${horizon}' OR NEW.day < '${horizon}') AND ${NOT_SUMMED}) ${run}`,
      `CREATE OR REPLACE TRIGGER ${table}_week_delete AFTER DELETE ON ${table} FOR EACH ROW
        WHEN (OLD.day < '${horizon}' AND ${NOT_SUMMED}) ${run}`,
    ];
  });
}

/**
 * The week rows of an ingest's own rollup upserts, summed by the write path instead of a trigger call per day
 * row: a bulk import into past weeks made a PL/pgSQL call for each of its rollup rows (~2.5× the server's CPU
 * per response). Only a transaction whose deltas reach a day before yesterday (UTC) reads the horizon and uses
 * it (`begin`); live traffic never does, and whatever it writes before the horizon is the triggers' as before.
 * `upsert` runs one upsert of a day table with the triggers off (the transaction's setting, for that statement
 * only: a delete elsewhere in the transaction still takes its rows off their weeks), then adds the same rows'
 * deltas before the horizon to the week table, summed by week: the counts the triggers would have added (a
 * delta is what the upsert adds to its day row). The horizon cannot move meanwhile: the transaction holds its
 * advisory lock shared.
 */
export class PgWeekSums {
  private constructor(private readonly horizon: string) {}

  /** Reads the horizon when `oldest` (the transaction's deltas' oldest day) is before yesterday; null if not before it. */
  static async begin(db: Queryable, oldest: string, now = Date.now()): Promise<PgWeekSums | null> {
    if (oldest >= formatDay(now - 86_400_000)) return null;
    const horizon = await pgWeekHorizon(db);
    return oldest < horizon ? new PgWeekSums(horizon) : null;
  }

  /**
   * Runs an upsert of a day table without its week triggers, then adds its rows before the horizon to the week
   * table, in key order.
   */
  async upsert(db: Queryable, s: TieredUpsert, params: unknown[]): Promise<void> {
    await db.query(`SELECT set_config('${WRITER_SUMS}', 'writer', true)`);
    await db.query(s.sql, params);
    await db.query(`SELECT set_config('${WRITER_SUMS}', '', true)`);
    const keys = WEEK_KEYS[s.table].join(', ');
    const week = WEEK_TABLE[s.table];
    const arrays = s.types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
    await db.query(
      `INSERT INTO ${week} (${keys}, week, shard, count)
      SELECT ${keys}, week_of(day), rollup_shard(), sum(count) FROM unnest(${arrays}) AS u(${s.columns.join(', ')})
      WHERE day < $${s.types.length + 1} GROUP BY ${keys}, week_of(day) HAVING sum(count) <> 0
      ORDER BY ${keys}, week_of(day)
      ON CONFLICT (${keys}, week, shard) DO UPDATE SET count = ${week}.count + EXCLUDED.count`,
      [...params, this.horizon],
    );
  }
}

/**
 * An upsert of a day table with week rows from unnest arrays: its SQL, and the arrays' column names (`day` and
 * `count` among them) and types in order, by which PgWeekSums sums the same arrays by week.
 */
export interface TieredUpsert {
  table: TieredTable;
  sql: string;
  columns: readonly string[];
  types: readonly string[];
}

/** Runs a tiered upsert, through `weeks` when the transaction sums its week rows itself. */
export async function tieredUpsert(
  db: Queryable,
  weeks: PgWeekSums | null | undefined,
  s: TieredUpsert,
  params: unknown[],
): Promise<void> {
  if (weeks) await weeks.upsert(db, s, params);
  else await db.query(s.sql, params);
}

/**
 * (Re)creates the week triggers for the stored horizon unless they are there for it: after the migrations
 * (migrate.ts, under its lock). A no-op before migration 032.
 */
export async function installPgWeekTriggers(db: Queryable): Promise<void> {
  const { rows } = await db.query<{ ok: boolean }>("SELECT to_regclass('week_rollup_horizon') IS NOT NULL AS ok");
  if (!rows[0]?.ok) return;
  const horizon = await pgWeekHorizon(db);
  const found = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_trigger WHERE tgname LIKE '%\\_week\\_%' AND NOT tgisinternal
      AND pg_get_triggerdef(oid) LIKE $1`,
    // Triggers of an earlier release (without the writer's own sums) are remade.
    [`%'${horizon}'%${WRITER_SUMS}%`],
  );
  if (Number(found.rows[0]?.n) === TABLES.length * 3) return;
  for (const sql of triggerStatements(horizon)) await db.query(sql);
}

/** Drops the week triggers (`touchpoint migrate` copies the day tables without them, then sums the weeks). */
export async function dropPgWeekTriggers(db: Queryable): Promise<void> {
  for (const table of TABLES)
    for (const kind of ['insert', 'update', 'delete'])
      await db.query(`DROP TRIGGER IF EXISTS ${table}_week_${kind} ON ${table}`);
}

/** Sums every week before the horizon from its day rows again (the week tables emptied first). */
export async function rebuildPgWeekRows(db: Queryable): Promise<void> {
  const horizon = await pgWeekHorizon(db);
  for (const table of TABLES) {
    const keys = KEYS(table);
    await db.query(`DELETE FROM ${WEEK_TABLE[table]}`);
    await db.query(
      `INSERT INTO ${WEEK_TABLE[table]} (${keys.join(', ')}, week, count)
      SELECT ${keys.join(', ')}, week_of(day), sum(count) FROM ${table} WHERE day < $1
      GROUP BY ${keys.join(', ')}, week_of(day) HAVING sum(count) <> 0`,
      [horizon],
    );
  }
}

/**
 * A FROM source (a parenthesised subquery) of `columns` over the window of `where` (rollupWhere's: its
 * window is `day >= $2 AND day <= $3`, its days the second and third parameters), from `table` and its week rows before `horizon`, as tieredSource on
 * SQLite. A selected `day` is the week's Monday in week rows: only a caller that buckets days by ISO week may
 * select it.
 */
export function pgTieredSource(table: TieredTable, columns: readonly string[], where: Where, horizon: string): string {
  const range = 'day >= $2 AND day <= $3';
  if (!where.sql.includes(range)) throw new Error(`pgTieredSource: the WHERE has no window (${where.sql})`);
  const list = columns.join(', ');
  const weeks = weeksBefore(horizon, String(where.params[1]), String(where.params[2]));
  if (weeks === null) return `(SELECT ${list} FROM ${table} WHERE ${where.sql}) AS days`;
  const first = where.param(weeks.first);
  const last = where.param(weeks.last);
  const end = where.param(weeks.end);
  const weekColumns = columns.map((c) => (c === 'day' ? 'week AS day' : c)).join(', ');
  const arms = [
    `SELECT ${weekColumns} FROM ${WEEK_TABLE[table]} WHERE ${where.sql.replace(range, `week >= ${first} AND week <= ${last}`)}`,
  ];
  // The day arms even when their range is empty (a window from a Monday, or to a Sunday): a parameter no
  // statement names has no type PostgreSQL can infer.
  arms.unshift(`SELECT ${list} FROM ${table} WHERE ${where.sql.replace(range, `day >= $2 AND day < ${first}`)}`);
  arms.push(`SELECT ${list} FROM ${table} WHERE ${where.sql.replace(range, `day > ${end} AND day <= $3`)}`);
  return `(${arms.join(' UNION ALL ')}) AS weeks_and_days`;
}

/**
 * Moves the horizon on as weeks end (at most every HORIZON_CHECK_MS): in one transaction under the horizon's
 * advisory lock (so no write of the store is in flight), with the day tables locked against other writers
 * (NOWAIT: when one holds them, it tries again at the next check), it sums the weeks that passed the horizon
 * from their day rows, moves it and remakes the triggers. Returns the weeks it summed.
 */
export class PgWeekHorizon {
  private nextCheck = 0;
  private running: Promise<number> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** Starts a move when due; never throws (a horizon left behind only makes reads read more days). */
  advanceSoon(now = Date.now()): void {
    if (now < this.nextCheck || this.running) return;
    this.nextCheck = now + HORIZON_CHECK_MS;
    this.running = this.advance(now)
      .catch(() => 0)
      .finally(() => (this.running = null));
  }

  /** Resolves once no move is running. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** Moves the horizon to `horizonAt(now)` if it is behind. */
  async advance(now = Date.now()): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WEEK_HORIZON_LOCK_KEY.toString()]);
      const from = await pgWeekHorizon(client);
      const to = horizonAt(now);
      if (to <= from) {
        await client.query('COMMIT');
        return 0;
      }
      await client.query(`LOCK TABLE ${TABLES.join(', ')} IN SHARE ROW EXCLUSIVE MODE NOWAIT`);
      for (const table of TABLES) {
        const keys = KEYS(table);
        await client.query(
          `INSERT INTO ${WEEK_TABLE[table]} (${keys.join(', ')}, week, count)
          SELECT ${keys.join(', ')}, week_of(day), sum(count) FROM ${table} WHERE day >= $1 AND day < $2
          GROUP BY ${keys.join(', ')}, week_of(day) HAVING sum(count) <> 0
          ON CONFLICT (${keys.join(', ')}, week) DO UPDATE SET count = ${WEEK_TABLE[table]}.count + EXCLUDED.count`,
          [from, to],
        );
      }
      await client.query('UPDATE week_rollup_horizon SET monday = $1', [to]);
      for (const sql of triggerStatements(to)) await client.query(sql);
      await client.query('COMMIT');
      return Math.round((Date.parse(to) - Date.parse(from)) / (7 * 86_400_000));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
