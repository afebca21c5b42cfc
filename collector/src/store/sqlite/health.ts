import type { Database } from 'better-sqlite3';

/**
 * Commits a rewrite of the one `health_probe` row: a real write that reaches the WAL file, so a database
 * SQLite cannot write (read-only file or connection, a full disk, an I/O error) throws here.
 */
export function probeWrite(db: Database): void {
  db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(
    new Date().toISOString(),
  );
}

/** `PRAGMA quick_check`: the problems SQLite finds in the file's pages and indexes, none when it reads "ok". */
export function quickCheck(db: Database): string[] {
  const rows = db.prepare('PRAGMA quick_check').pluck().all() as string[];
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}
