import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/**
 * WAL pages after which a commit also checkpoints (copies the WAL back into the database file and syncs
 * it). SQLite's default, 1,000 pages (4 MB), makes every few hundred commits stall for a checkpoint under
 * load; 8,000 (32 MB) makes those stalls rare. Measured on this VM, 60-row commits: p99 8.8 ms → 1.4 ms.
 */
const WAL_AUTOCHECKPOINT_PAGES = 8000;

/**
 * Opens a connection with the settings every connection of the store uses: WAL (readers never wait
 * for the writer), `synchronous=FULL` (a commit is on disk before it returns), foreign keys on, and a
 * busy timeout for the moments the reading connection writes while the writer thread commits.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  // First, so that even switching to WAL waits for a lock the other connection holds rather than failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return db;
}
