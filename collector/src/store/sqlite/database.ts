import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/**
 * WAL pages after which a commit also checkpoints (copies the WAL back into the database file and syncs
 * it); the commit that does it is late by that much. With time-ordered (v7) ids a commit appends to a few
 * pages, so a checkpoint copies little, and small frequent ones keep that delay short: measured under
 * `bench:ingest` on this VM, the slowest commit per second was ~5–7 ms at 2,000 pages (8 MB), ~11–13 ms at
 * 8,000 and up to ~40 ms at 32,000 (ingest p99 8–9 ms vs 12–13 ms at 8,000).
 */
const WAL_AUTOCHECKPOINT_PAGES = 2000;

/**
 * Opens a connection with the settings every connection of the store uses: WAL (readers never wait
 * for the writer), `synchronous=FULL` (a commit is on disk before it returns), foreign keys on, secure
 * delete, and a busy timeout for the moments the reading connection writes while the writer thread commits.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  // First, so that even switching to WAL waits for a lock the other connection holds rather than failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not only unlinked: an erased address must not stay readable
  // in free space of the file (GDPR art. 17; see store/sqlite/erasure.ts).
  db.pragma('secure_delete = ON');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return db;
}
