import { openPool, unavailable } from './db.js';
import { migrate } from './migrate.js';
import { PostgresStore } from './postgres-store.js';
import { claimRollupShard } from './rollup-shard.js';
import { SiteEditListener } from './site-notify.js';
import { PgWriterThread } from './writer-thread.js';
import type { PgWriteOptions } from './writes.js';

export { PostgresStore } from './postgres-store.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions extends PgWriteOptions {
  /** connections of this collector's pool */
  poolSize?: number;
  /**
   * where the group commits run: `thread` on a writer thread with connections of its own (writer-thread.ts;
   * what `TOUCHPOINT_WRITER=auto` picks from two cores), `inline` (default here) on this thread's pool
   */
  writer?: 'thread' | 'inline';
}

/**
 * Opens the PostgreSQL store at `url` (postgres://…): claims a rollup shard for its connections
 * (rollup-shard.ts), applies pending migrations (under an advisory lock), starts the writer thread if asked,
 * then LISTENs for other collectors'
 * site edits, and sums the level and cell rollups migrations 026 and 030 left pending in the background.
 * StoreUnavailableError when the server cannot be reached.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const claim = await claimRollupShard(url).catch((err: unknown) => {
    throw unavailable(err) ?? err;
  });
  const pool = openPool(url, options.poolSize, claim.shard);
  let thread: PgWriterThread | null = null;
  try {
    await migrate(pool);
    // Started after the migrations: its connections write tables they may have created.
    thread = options.writer === 'thread' ? new PgWriterThread(url, claim.shard) : null;
    const store = new PostgresStore(pool, options, thread);
    store.holdRollupShard(claim);
    const listener = new SiteEditListener(url, (site) => store.sites.invalidate(site));
    await listener.start();
    store.listenForEdits(listener);
    // Not awaited: a big installation's first start after migration 026 or 030 must not wait for the sums.
    void store.fillSummedRollups();
    return store;
  } catch (err) {
    await thread?.close();
    await pool.end();
    await claim.release();
    throw unavailable(err) ?? err;
  }
}
