import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inTransaction, openPool, together } from '../../src/store/postgres/db.js';
import { describePostgres } from '../helpers/postgres.js';

// Transactions on connections that pipeline (the PostgreSQL writer thread's, writer-worker.ts): statements of
// independent chains share round trips, and nothing a chain sends after the transaction ended may run.

describePostgres('PostgreSQL transactions on a pipelining connection', (db) => {
  let pool: pg.Pool;
  let reader: pg.Client;
  beforeAll(async () => {
    pool = openPool(db().url, 1, undefined, true);
    reader = new pg.Client({ connectionString: db().url });
    await reader.connect();
    await reader.query('CREATE TABLE pipeline_probe (n int)');
  });
  afterAll(async () => {
    await reader.end();
    await pool.end();
  });
  const count = async () =>
    (await reader.query<{ n: number }>('SELECT count(*)::int AS n FROM pipeline_probe')).rows[0]?.n;

  it('commits what independent chains wrote together', async () => {
    await inTransaction(pool, (c) =>
      together(
        c,
        () => c.query('INSERT INTO pipeline_probe VALUES (1)'),
        async () => {
          await c.query('INSERT INTO pipeline_probe VALUES (2)');
          await c.query('INSERT INTO pipeline_probe VALUES (3)');
        },
      ),
    );
    expect(await count()).toBe(3);
    await reader.query('DELETE FROM pipeline_probe');
  });

  it('refuses, rather than runs outside the transaction, a statement a chain sends after another failed', async () => {
    let late: unknown = null;
    const failed = inTransaction(pool, (c) =>
      together(
        c,
        async () => {
          await c.query('SELECT pg_sleep(0.05)');
          await c.query('SELECT 1 / 0');
        },
        async () => {
          // Still busy when the other chain fails: its next statement comes after the ROLLBACK.
          await new Promise((resolve) => setTimeout(resolve, 300));
          late = await c.query('INSERT INTO pipeline_probe VALUES (4)').catch((err: unknown) => err);
        },
      ),
    );
    await expect(failed).rejects.toThrow(/division by zero/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(late).toBeInstanceOf(Error);
    expect((late as Error).message).toBe('the transaction has ended');
    expect(await count()).toBe(0);
    // The connection is usable again.
    await inTransaction(pool, (c) => c.query('SELECT 1'));
  });

  it('runs the statements left for the COMMIT after the work, inside its transaction, and commits them', async () => {
    for (const p of [pool, openPool(db().url, 1)]) {
      await inTransaction(p, async (c, last) => {
        await c.query('INSERT INTO pipeline_probe VALUES (1)');
        // Each counts the rows its transaction sees: 1, then 2.
        last.push({ text: 'INSERT INTO pipeline_probe SELECT count(*) + $1 FROM pipeline_probe', values: [0] });
        last.push({ text: 'INSERT INTO pipeline_probe SELECT count(*) + $1 FROM pipeline_probe', values: [0] });
      });
      const { rows } = await reader.query<{ n: number }>('SELECT n FROM pipeline_probe ORDER BY n');
      expect(rows.map((r) => r.n)).toEqual([1, 1, 2]);
      await reader.query('DELETE FROM pipeline_probe');
      if (p !== pool) await p.end();
    }
  });

  it('rolls back, and throws the error of, a statement left for the COMMIT that fails', async () => {
    const failed = inTransaction(pool, async (c, last) => {
      await c.query('INSERT INTO pipeline_probe VALUES (1)');
      last.push({ text: 'INSERT INTO pipeline_probe VALUES ($1)', values: [2] });
      last.push({ text: 'SELECT 1 / $1::int', values: [0] });
      last.push({ text: 'INSERT INTO pipeline_probe VALUES ($1)', values: [3] });
    });
    await expect(failed).rejects.toThrow(/division by zero/);
    expect(await count()).toBe(0);
    // The connection is usable again.
    await inTransaction(pool, (c) => c.query('SELECT 1'));
  });
});
