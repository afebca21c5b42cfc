import Database from 'better-sqlite3';
import type pg from 'pg';
import { openPool } from '../store/postgres/db.js';
import { migrate } from '../store/postgres/migrate.js';
import { BackupError, inspectDatabase } from './backup.js';

/** Parameters PostgreSQL takes in one statement (its wire protocol counts them in 16 bits). */
const MAX_PARAMS = 65_535;
/** Rows of one INSERT at most: big enough to amortise the round trip, small enough to stream. */
const MAX_BATCH_ROWS = 1000;
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

/** The value SQLite holds, as the PostgreSQL column takes it: SQLite keeps booleans as 0/1 and JSON as text. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === 1n || value === '1' || value === 'true' || value === true;
  if (type === 'text' || type === 'jsonb' || type === 'json') return typeof value === 'string' ? value : String(value);
  return typeof value === 'bigint' ? value.toString() : value;
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

/** Copies one table in multi-row INSERTs, reading the SQLite rows as a stream. */
async function copyTable(
  source: Database.Database,
  target: pg.PoolClient,
  table: string,
  columns: TargetColumn[],
  total: number,
  progress: (line: string) => void,
): Promise<void> {
  const names = columns.map((c) => quote(c.name)).join(', ');
  const perBatch = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const insert = (n: number): string => {
    const tuples: string[] = [];
    for (let r = 0; r < n; r++) {
      tuples.push(`(${columns.map((_, i) => `$${r * columns.length + i + 1}`).join(', ')})`);
    }
    return `INSERT INTO ${quote(table)} (${names}) VALUES ${tuples.join(', ')}`;
  };
  const full = insert(perBatch);
  let params: unknown[] = [];
  let rows = 0;
  let copied = 0;
  let reported = 0;
  const flush = async (): Promise<void> => {
    if (rows === 0) return;
    await target.query(rows === perBatch ? full : insert(rows), params);
    copied += rows;
    params = [];
    rows = 0;
    if (copied - reported >= PROGRESS_EVERY) {
      reported = copied;
      progress(`  ${table.padEnd(24)} ${copied}/${total}`);
    }
  };
  // rowid order: the order the rows were written in, so a copy of a big table is read front to back.
  const select = source.prepare(`SELECT ${names} FROM ${quote(table)}`).raw();
  // Collected per batch before the await: better-sqlite3 runs nothing else on the connection mid-iteration.
  const iterator = select.iterate() as IterableIterator<unknown[]>;
  try {
    for (;;) {
      let next = iterator.next();
      while (!next.done && rows < perBatch) {
        next.value.forEach((v, i) => params.push(convert(v, columns[i]?.type ?? 'text')));
        rows++;
        if (rows < perBatch) next = iterator.next();
      }
      await flush();
      if (next.done) break;
    }
  } catch (err) {
    throw new MigrationError(`copying ${table}: ${(err as Error).message}`, { cause: err });
  } finally {
    iterator.return?.();
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

  for (const table of tables) {
    const present = sourceColumns(table);
    const columns = (target.get(table) ?? []).filter((c) => present.has(c.name));
    const total = sourceCounts.get(table) ?? 0;
    if (total > 0) await copyTable(source, client, table, columns, total, progress);
    progress(`  ${table.padEnd(24)} ${total} rows`);
  }

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
