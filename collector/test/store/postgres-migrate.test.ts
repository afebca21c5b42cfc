import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { defaultRules } from '../../src/closed-loop/default-rules.js';
import { migrate, POSTGRES_MIGRATIONS_DIR } from '../../src/store/postgres/migrate.js';
import { SQLITE_MIGRATIONS_DIR } from '../../src/store/sqlite/migrate.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';

/** The numbers of a dialect's migration files. */
const numbers = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, 3))
    .sort();

describePostgres('PostgreSQL migrations', (db) => {
  it('has one migration for each SQLite migration, with the same numbers', () => {
    expect(numbers(POSTGRES_MIGRATIONS_DIR)).toEqual(numbers(SQLITE_MIGRATIONS_DIR));
  });

  it('applies every migration once when two collectors start at the same moment', async () => {
    const url = await createDatabase(db().base);
    const a = new pg.Pool({ connectionString: url, max: 2 });
    const b = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const [first, second] = await Promise.all([migrate(a), migrate(b)]);
      const files = readdirSync(POSTGRES_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
      expect([...first, ...second].sort()).toEqual(files.sort());
      const { rows } = await a.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0]?.n)).toBe(files.length);
      expect(await migrate(a)).toEqual([]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('gives a site created before migration 005 the default rules of default-rules.ts', async () => {
    const url = await createDatabase(db().base);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const before = mkdtempSync(join(tmpdir(), 'touchpoint-pg-004-'));
    try {
      for (const f of readdirSync(POSTGRES_MIGRATIONS_DIR).filter((f) => f < '005')) {
        copyFileSync(join(POSTGRES_MIGRATIONS_DIR, f), join(before, f));
      }
      await migrate(pool, before + '/');
      await pool.query(`INSERT INTO sites (key, name, origins, settings, created_at, updated_at)
        VALUES ('old', 'Old', '[]', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
      await migrate(pool);
      const { rows } = await pool.query<{ definition: unknown }>(
        "SELECT definition FROM rules WHERE site = 'old' ORDER BY position",
      );
      expect(rows.map((r) => r.definition)).toEqual(defaultRules());
    } finally {
      await pool.end();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
