import pg from 'pg';
import { expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { storeContract } from './contract.js';

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

  // The writer thread: commits on its own connections, which pipeline (statements that do not wait for each
  // other share round trips). What `TOUCHPOINT_WRITER=auto` picks from two cores.
  storeContract('PostgreSQL, writer thread', async () => {
    await truncateAll(db().url);
    return { store: await openPostgresStore(db().url, { writer: 'thread' }), dispose: async () => undefined };
  });
});
