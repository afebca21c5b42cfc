import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPool } from '../store/postgres/db.js';
import { migrate } from '../store/postgres/migrate.js';
import { recountInsightVarRollups } from '../store/postgres/variable-rollups.js';
import { dropPgWeekTriggers, installPgWeekTriggers, rebuildPgWeekRows } from '../store/postgres/week-tier.js';
import { BackupError, inspectDatabase } from './backup.js';

/** Bytes of COPY text collected before they are handed to the connection: few writes, flat memory. */
const COPY_CHUNK_BYTES = 256 * 1024;
/** How often (in rows) a long table reports its progress. */
const PROGRESS_EVERY = 50_000;
/**
 * Tables each side keeps for itself: the schema's own bookkeeping, the write probe of `doctor`, and the
 * insight worker's: its rollups (daily, by channel, weekly), which PostgreSQL's triggers rebuild as the analyses are copied, and SQLite's
 * rowid watermark (PostgreSQL queues every copied response for analysis instead; 018_insights.sql).
 */
const NOT_COPIED = new Set([
  'schema_migrations',
  'health_probe',
  'insight_rollups',
  'insight_channel_rollups',
  'insight_week_rollups',
  'insight_progress',
  // Counted again from the copied analyses: SQLite keeps its week rows only before its horizon (033).
  'insight_var_rollups',
  // The week rollups (032): summed again from the copied day rows, under PostgreSQL's own horizon.
  'week_rollup_horizon',
  'score_week_rollups',
  'var_level_week_rollups',
  'var_cell_week_rollups',
  'var_pair_week_rollups',
]);

/** A column of a PostgreSQL table, as the copy converts to it. */
interface TargetColumn {
  name: string;
  /** information_schema's data_type: 'text', 'jsonb', 'boolean', 'integer', … */
  type: string;
  /** an identity or serial column, whose sequence must be moved past the copied ids */
  generated: boolean;
}

/** What the copy did to one table. */
export interface TableReport {
  table: string;
  /** rows in the SQLite file */
  source: number;
  /** rows in PostgreSQL after the copy */
  target: number;
}

/** The outcome of `touchpoint migrate`. */
export interface MigrationReport {
  tables: TableReport[];
  /** SQLite tables with no PostgreSQL counterpart (their feature is SQLite-only so far): not copied */
  skipped: string[];
  /** true when the target already held exactly this copy and nothing was written */
  alreadyCopied: boolean;
}

/** Options of the copy. */
export interface MigrationOptions {
  /** empty every copied table of a non-empty target first (in the same transaction) */
  replace?: boolean;
  /** progress lines ("responses  50000/1000000") */
  progress?: (line: string) => void;
}

/** A migration that cannot run, or whose verification failed, with the reason. */
export class MigrationError extends Error {}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Characters COPY's text format escapes inside a value (https://www.postgresql.org/docs/current/sql-copy.html). */
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text field of COPY's text format: backslash, newline, carriage return and tab escaped. */
function copyText(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] ?? c) : text;
}

/**
 * The value SQLite holds as one field of a COPY text row, as the PostgreSQL column takes it: SQLite keeps
 * booleans as 0/1 and JSON as text; NULL is `\N`; a blob in a non-text column is bytea's hex form.
 */
function copyField(value: unknown, type: string): string {
  if (value === null || value === undefined) return '\\N';
  if (type === 'boolean') {
    return value === 1 || value === 1n || value === '1' || value === 'true' || value === true ? 't' : 'f';
  }
  if (typeof value === 'string') return copyText(value);
  if (Buffer.isBuffer(value) && type !== 'text' && type !== 'jsonb' && type !== 'json') {
    return `\\\\x${value.toString('hex')}`;
  }
  return copyText(String(value));
}

/** The public tables of the target with their columns, parents before children (foreign keys). */
async function targetTables(db: pg.Pool | pg.PoolClient): Promise<Map<string, TargetColumn[]>> {
  const cols = await db.query<{ table_name: string; column_name: string; data_type: string; generated: boolean }>(
    `SELECT table_name, column_name, data_type,
       (is_identity = 'YES' OR coalesce(column_default, '') LIKE 'nextval(%') AS generated
     FROM information_schema.columns c
     WHERE table_schema = 'public'
       AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
     ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, TargetColumn[]>();
  for (const c of cols.rows) {
    if (NOT_COPIED.has(c.table_name)) continue;
    const list = byTable.get(c.table_name) ?? [];
    list.push({ name: c.column_name, type: c.data_type, generated: c.generated });
    byTable.set(c.table_name, list);
  }
  const fks = await db.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
     FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
  );
  const parents = new Map<string, string[]>();
  for (const { child, parent } of fks.rows) parents.set(child, [...(parents.get(child) ?? []), parent]);
  const ordered = new Map<string, TargetColumn[]>();
  const visit = (table: string): void => {
    if (ordered.has(table) || !byTable.has(table)) return;
    for (const p of parents.get(table) ?? []) if (p !== table) visit(p);
    ordered.set(table, byTable.get(table) ?? []);
  };
  for (const table of [...byTable.keys()].sort()) visit(table);
  return ordered;
}

/** Row counts of `tables` on the target. */
async function countTarget(db: pg.PoolClient, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(t)}`);
    counts.set(t, Number(rows[0]?.n ?? 0));
  }
  return counts;
}

/**
 * Copies one table with `COPY … FROM STDIN` (text format), reading the SQLite rows as a stream: one
 * statement per table, its rows sent in large chunks as the connection takes them.
 */
async function copyTable(
  source: Database.Database,
  target: pg.PoolClient,
  table: string,
  columns: TargetColumn[],
  total: number,
  progress: (line: string) => void,
): Promise<void> {
  const names = columns.map((c) => quote(c.name)).join(', ');
  const types = columns.map((c) => c.type);
  // rowid order: the order the rows were written in, so a copy of a big table is read front to back.
  const select = source.prepare(`SELECT ${names} FROM ${quote(table)}`).raw();
  // Pulled by the COPY stream as it drains: better-sqlite3 runs nothing else on the connection mid-iteration.
  function* chunks(): Generator<string> {
    let chunk = '';
    let copied = 0;
    let reported = 0;
    for (const row of select.iterate() as IterableIterator<unknown[]>) {
      let line = '';
      for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyField(row[i], types[i] ?? 'text');
      chunk += `${line}\n`;
      copied++;
      if (chunk.length >= COPY_CHUNK_BYTES) {
        yield chunk;
        chunk = '';
      }
      if (copied - reported >= PROGRESS_EVERY) {
        reported = copied;
        progress(`  ${table.padEnd(24)} ${copied}/${total}`);
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  try {
    await pipeline(Readable.from(chunks()), target.query(copyFrom(`COPY ${quote(table)} (${names}) FROM STDIN`)));
  } catch (err) {
    throw new MigrationError(`copying ${table}: ${(err as Error).message}`, { cause: err });
  }
  for (const c of columns.filter((col) => col.generated)) {
    // The copied ids came with the rows: the sequence must hand out the next one after them.
    await target.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c.name)}) FROM ${quote(table)}), 0) + 1, false)`,
      [table, c.name],
    );
  }
}

/**
 * `touchpoint migrate --from FILE --to postgres://…`: copies an SQLite installation into PostgreSQL in one
 * transaction, so a copy cut short leaves the target as it was. The target is migrated first; every table
 * both sides have is copied column by column (keys stay hashed as stored, rollups as kept), then the row
 * count of each is compared with the source before COMMIT. A target that already holds exactly these
 * counts is left alone (running it twice is harmless); any other non-empty target is refused unless
 * `replace` empties the copied tables first.
 */
export async function migrateToPostgres(
  file: string,
  url: string,
  opts: MigrationOptions = {},
): Promise<MigrationReport> {
  const progress = opts.progress ?? (() => undefined);
  let report;
  try {
    report = inspectDatabase(file);
  } catch (err) {
    throw err instanceof BackupError ? new MigrationError(err.message) : err;
  }
  if (report.pending > 0) {
    throw new MigrationError(
      `${file}: ${report.pending} migration(s) not applied yet: run \`touchpoint doctor --db ${file}\` once (it applies them), then migrate`,
    );
  }
  const source = new Database(file, { fileMustExist: true });
  const pool = openPool(url, 1);
  try {
    await migrate(pool);
    const client = await pool.connect();
    try {
      // One read transaction: the copy is the file as of one commit, even with a collector still writing to it.
      source.exec('BEGIN');
      await client.query('BEGIN');
      const result = await copyAll(source, client, opts.replace === true, progress);
      await client.query(result.alreadyCopied ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      if (source.inTransaction) source.exec('COMMIT');
      client.release();
    }
  } finally {
    await pool.end();
    source.close();
  }
}

async function copyAll(
  source: Database.Database,
  client: pg.PoolClient,
  replace: boolean,
  progress: (line: string) => void,
): Promise<MigrationReport> {
  const sourceColumns = (table: string): Set<string> =>
    new Set((source.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((c) => c.name));
  const sqliteTables = (
    source
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
  ).filter((t) => !NOT_COPIED.has(t));
  const target = await targetTables(client);
  const tables = [...target.keys()].filter((t) => sqliteTables.includes(t));
  const skipped = sqliteTables.filter((t) => !target.has(t)).sort();
  const sourceCounts = new Map(
    tables.map((t) => [
      t,
      source
        .prepare(`SELECT count(*) FROM ${quote(t)}`)
        .pluck()
        .get() as number,
    ]),
  );

  const before = await countTarget(client, tables);
  const nonEmpty = tables.filter((t) => (before.get(t) ?? 0) > 0);
  if (nonEmpty.length > 0 && !replace) {
    if (tables.every((t) => before.get(t) === sourceCounts.get(t))) {
      const reports = tables.map((t) => ({ table: t, source: sourceCounts.get(t) ?? 0, target: before.get(t) ?? 0 }));
      return { tables: reports, skipped, alreadyCopied: true };
    }
    throw new MigrationError(
      `the target is not empty (${nonEmpty.map((t) => `${t}: ${before.get(t)} rows`).join(', ')}): ` +
        'pass --replace to empty these tables and copy again',
    );
  }
  if (nonEmpty.length > 0) {
    progress(`emptying ${nonEmpty.length} table(s) of the target (--replace)`);
    // CASCADE: a table only PostgreSQL has that points at a copied one would otherwise block the TRUNCATE.
    await client.query(`TRUNCATE ${tables.map(quote).join(', ')} CASCADE`);
  }

  // The day tables go in without the week triggers (a trigger call per copied row); the weeks are summed after.
  await dropPgWeekTriggers(client);
  for (const table of tables) {
    const present = sourceColumns(table);
    const columns = (target.get(table) ?? []).filter((c) => present.has(c.name));
    const total = sourceCounts.get(table) ?? 0;
    if (total > 0) await copyTable(source, client, table, columns, total, progress);
    progress(`  ${table.padEnd(24)} ${total} rows`);
  }

  await rebuildPgWeekRows(client);
  await installPgWeekTriggers(client);
  // The insight rollups by variable level, every grain of every week, from the analyses and variables copied
  // (whatever the statement triggers added while they were copied, in whichever order, is replaced).
  const sites = await client.query<{ key: string }>('SELECT key FROM sites');
  for (const { key } of sites.rows) await recountInsightVarRollups(client, key);
  const after = await countTarget(client, tables);
  const reports = tables.map((t) => ({ table: t, source: sourceCounts.get(t) ?? 0, target: after.get(t) ?? 0 }));
  const wrong = reports.filter((r) => r.source !== r.target);
  if (wrong.length > 0) {
    throw new MigrationError(
      `counts differ after the copy, nothing committed: ${wrong.map((r) => `${r.table} ${r.source} → ${r.target}`).join(', ')}`,
    );
  }
  return { tables: reports, skipped, alreadyCopied: false };
}
