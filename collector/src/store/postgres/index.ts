import { openPool } from './db.js';
import { migrate } from './migrate.js';
import { PostgresStore } from './postgres-store.js';
import type { PgWriteOptions } from './writes.js';

export { PostgresStore } from './postgres-store.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions extends PgWriteOptions {
  /** connections of this collector's pool */
  poolSize?: number;
}

/** Opens the PostgreSQL store at `url` (postgres://…): applies pending migrations (under an advisory lock) first. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const pool = openPool(url, options.poolSize);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return new PostgresStore(pool, options);
}
