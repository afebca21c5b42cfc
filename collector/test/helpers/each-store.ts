import pg from 'pg';
import { beforeAll, describe } from 'vitest';
import { openPool } from '../../src/store/postgres/db.js';
import { migrate } from '../../src/store/postgres/migrate.js';
import { describePostgres } from './postgres.js';

/** Environment of a test collector on one store: {} (a fresh SQLite file), or TOUCHPOINT_DB of a fresh database. */
export type StoreEnv = () => Promise<Record<string, string>>;

/** How long migrating the template database may take on a loaded machine (every migration commits with fsync). */
const MIGRATE_TIMEOUT_MS = 120_000;

/** A new database on the cluster at `base`, copied from `template` (which nobody may be connected to). */
async function copyDatabase(base: string, template: string): Promise<string> {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

/**
 * Runs `body` twice: on SQLite, and on a real PostgreSQL (skipped, with the reason, where PostgreSQL is not
 * installed; never in CI). `storeEnv()` gives the environment of a collector on an empty store each call,
 * so a file that starts a collector per test gets a fresh database on PostgreSQL as it gets a fresh file.
 * On PostgreSQL each is a copy of one database migrated beforehand: a collector's start then finds no
 * migration to apply, and stays within Fastify's plugin start limit however loaded the machine is.
 */
export function describeEachStore(name: string, body: (storeEnv: StoreEnv) => void): void {
  describe(`${name} (SQLite)`, () => body(async () => ({})));
  describePostgres(`${name} (PostgreSQL)`, (db) => {
    beforeAll(async () => {
      const pool = openPool(db().url, 1);
      try {
        await migrate(pool);
      } finally {
        await pool.end();
      }
    }, MIGRATE_TIMEOUT_MS);
    body(async () => ({ TOUCHPOINT_DB: await copyDatabase(db().base, new URL(db().url).pathname.slice(1)) }));
  });
}
