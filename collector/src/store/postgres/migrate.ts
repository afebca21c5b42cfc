import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import { installPgWeekTriggers } from './week-tier.js';

/** The numbered SQL files of the PostgreSQL dialect (collector/migrations/postgres/NNN_name.sql). */
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/postgres/', import.meta.url));

/**
 * Key of the advisory lock held while migrating: any 64-bit number no other program takes on this
 * database; this one is "touchpnt" in ASCII.
 */
export const MIGRATION_LOCK_KEY = 0x746f7563_68706e74n;

/**
 * Applies every migration not applied yet, each in its own transaction, in file-name order, under a
 * session advisory lock: collectors starting at once wait for each other, and the one that comes second
 * finds the work done. Returns the files it applied.
 */
export async function migrate(pool: Pool, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text COLLATE "C" PRIMARY KEY, applied_at text NOT NULL)`);
      const done = new Set(
        (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = readFileSync(dir + file, 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            file,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(file);
      }
      // The week rollups' triggers hold their horizon as a literal: made here, not by a migration file.
      await installPgWeekTriggers(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
  return applied;
}
