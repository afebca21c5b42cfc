import pg from 'pg';
import { expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { describePostgres } from '../helpers/postgres.js';
import { storeContract } from './contract.js';

/** Empties every table of the file's database (the schema stays), so each test starts from a fresh store. */
async function truncateAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
    );
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}

describePostgres('PostgreSQL store', (db) => {
  it('gives each test file its own database on a cluster that syncs commits to disk', async () => {
    const client = new pg.Client({ connectionString: db().url });
    await client.connect();
    try {
      const { rows } = await client.query<{ fsync: string; db: string }>(
        "SELECT current_setting('fsync') AS fsync, current_database() AS db",
      );
      expect(rows[0]).toEqual({ fsync: 'on', db: new URL(db().url).pathname.slice(1) });
    } finally {
      await client.end();
    }
  });

  storeContract('PostgreSQL', async () => {
    await truncateAll(db().url);
    return { store: await openPostgresStore(db().url), dispose: async () => undefined };
  });
});
