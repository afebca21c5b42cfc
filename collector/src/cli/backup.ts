import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS_DIR } from '../store/sqlite/migrate.js';

/** The files SQLite keeps beside a database in WAL mode. */
const WAL_SUFFIXES = ['-wal', '-shm'];

/** What a backup or a restore checked in the file it wrote. */
export interface DatabaseReport {
  /** the last migration the file has, e.g. `014_imports.sql` */
  schema: string | null;
  /** migrations this collector has and the file lacks: applied when a collector next opens it */
  pending: number;
  responses: number;
}

/** A database that cannot be backed up or restored, with the reason. */
export class BackupError extends Error {}

/**
 * Whether another connection (a running collector, a `touchpoint` command) has the database open: in WAL
 * mode every open connection holds a shared lock, so an exclusive lock taken without waiting fails.
 */
export function databaseInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Checks a database file: `PRAGMA integrity_check` (every page and index), and that its schema is one this
 * collector knows (none of its migrations newer than ours). Throws a BackupError naming the problem.
 */
export function inspectDatabase(file: string): DatabaseReport {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file}: cannot be opened (${(err as Error).message})`);
  }
  try {
    let problems: string[];
    try {
      problems = db.pragma('integrity_check', { simple: false }) as never;
    } catch (err) {
      throw new BackupError(`${file}: not a readable SQLite database (${(err as Error).message})`);
    }
    const bad = (problems as unknown as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (bad.length !== 1 || bad[0] !== 'ok') {
      throw new BackupError(`${file}: integrity_check found ${bad.length} problem(s): ${bad.slice(0, 3).join('; ')}`);
    }
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
    if (!hasTable.get('schema_migrations') || !hasTable.get('responses')) {
      throw new BackupError(`${file}: not a Touchpoint database (no schema_migrations or responses table)`);
    }
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as string[];
    const known = new Set(readdirSync(SQLITE_MIGRATIONS_DIR).filter((f) => /^\d+_.+\.sql$/.test(f)));
    const unknown = applied.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new BackupError(
        `${file}: written by a newer collector (migration ${unknown.join(', ')} is not in this version): upgrade first`,
      );
    }
    return {
      schema: applied.at(-1) ?? null,
      pending: known.size - applied.length,
      responses: db.prepare('SELECT count(*) FROM responses').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

/** Checks a copy just written, then removes the (empty) WAL files that checking it left beside it. */
function settle(file: string): DatabaseReport {
  const report = inspectDatabase(file);
  for (const suffix of WAL_SUFFIXES) rmSync(file + suffix, { force: true });
  return report;
}

/**
 * `touchpoint backup FILE`: copies the database with SQLite's online backup API while a collector keeps
 * serving. All pages are copied in one step, that is within one read transaction: the copy is the database
 * as of one commit (in WAL mode writers go on meanwhile), and a write between steps cannot restart it.
 */
export async function backupDatabase(
  source: string,
  dest: string,
  opts: { force?: boolean } = {},
): Promise<DatabaseReport> {
  if (!existsSync(source)) throw new BackupError(`${source}: no such database`);
  if (existsSync(dest) && !opts.force) throw new BackupError(`${dest} exists: pass --force to replace it`);
  const tmp = `${dest}.partial`;
  rmSync(tmp, { force: true });
  // Not read-only: a read-only connection cannot create the shared-memory file of a WAL database at rest.
  const db = new Database(source, { fileMustExist: true });
  try {
    await db.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
  } finally {
    db.close();
  }
  const report = settle(tmp);
  renameSync(tmp, dest);
  return report;
}

/**
 * `touchpoint restore FILE`: checks the backup (integrity, schema), then copies it over the database with
 * the backup API. Refuses a database that a running collector has open (stop it first: it would go on with
 * caches and a write-ahead log of the old one), and an existing database unless `force`.
 */
export async function restoreDatabase(
  backup: string,
  target: string,
  opts: { force?: boolean } = {},
): Promise<DatabaseReport> {
  inspectDatabase(backup);
  if (databaseInUse(target)) {
    throw new BackupError(`${target} is in use (a running collector?): stop it, then restore`);
  }
  if (existsSync(target) && !opts.force) {
    throw new BackupError(`${target} exists: pass --force to replace it with ${backup}`);
  }
  const tmp = `${target}.restoring`;
  rmSync(tmp, { force: true });
  const db = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await db.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
  } finally {
    db.close();
  }
  const report = settle(tmp);
  // A write-ahead log left by the old database would be replayed into the restored one.
  for (const suffix of WAL_SUFFIXES) rmSync(target + suffix, { force: true });
  renameSync(tmp, target);
  return report;
}
