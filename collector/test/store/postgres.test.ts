import pg from 'pg';
import { expect, it } from 'vitest';
import { describePostgres } from '../helpers/postgres.js';

describePostgres('PostgreSQL test cluster', (db) => {
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
});
