import { describe } from 'vitest';
import { createDatabase, describePostgres } from './postgres.js';

/** Environment of a test collector on one store: {} (a fresh SQLite file), or TOUCHPOINT_DB of a fresh database. */
export type StoreEnv = () => Promise<Record<string, string>>;

/**
 * Runs `body` twice: on SQLite, and on a real PostgreSQL (skipped, with the reason, where PostgreSQL is not
 * installed; never in CI). `storeEnv()` gives the environment of a collector on an empty store each call,
 * so a file that starts a collector per test gets a fresh database on PostgreSQL as it gets a fresh file.
 */
export function describeEachStore(name: string, body: (storeEnv: StoreEnv) => void): void {
  describe(`${name} (SQLite)`, () => body(async () => ({})));
  describePostgres(`${name} (PostgreSQL)`, (db) =>
    body(async () => ({ TOUCHPOINT_DB: await createDatabase(db().base) })),
  );
}
