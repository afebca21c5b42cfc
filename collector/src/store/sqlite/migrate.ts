import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { installWeekTriggers } from './week-tier.js';

/** The numbered SQL files of the SQLite dialect (collector/migrations/sqlite/NNN_name.sql). */
export const SQLITE_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/sqlite/', import.meta.url));

/** Applies every migration not applied yet, each in its own transaction, in file-name order. */
export function migrate(db: Database, dir = SQLITE_MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as string[]);
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(dir + file, 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        file,
        new Date().toISOString(),
      );
    })();
    applied.push(file);
  }
  // The week rollups' triggers hold their horizon as a literal: made here, not by a migration file.
  installWeekTriggers(db);
  return applied;
}
