import { availableParallelism } from 'node:os';
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** What opening a store reads of the collector's configuration. */
export type StoreConfig = Pick<
  Config,
  'TOUCHPOINT_DB' | 'TOUCHPOINT_COMMIT_WINDOW_MS' | 'TOUCHPOINT_COMMIT_MAX_ROWS' | 'TOUCHPOINT_WRITER'
>;

/** Overrides of SQLite's group commit for one-off jobs (seeding, `doctor`); PostgreSQL ignores them. */
export interface OpenStoreOptions {
  writer?: 'thread' | 'inline';
  commitWindowMs?: number;
  /** a load that is deleted anyway if cut short (the demo seed): SQLite skips the fsync per commit (5x faster) */
  notDurable?: boolean;
}

/** The PostgreSQL store's module, loaded only when TOUCHPOINT_DB names a PostgreSQL database. */
interface PostgresModule {
  openPostgresStore(url: string, options: { writer: 'thread' | 'inline' }): Promise<Store>;
}

/** Where the PostgreSQL store lives; a variable, so that a build without it still compiles. */
const POSTGRES_MODULE = './postgres/index.js';

/** Cores from which a writer thread pays for itself (see `writerMode`). */
const WRITER_THREAD_MIN_CORES = 2;

/**
 * Where commits run, for `TOUCHPOINT_WRITER=auto`: on a writer thread from two cores, so that the event
 * loop parses and answers while the thread commits (and records the insight worker's analyses); inline with one
 * core, where the two threads would only take turns. `bench:ingest` on the quiet 2-core VM (2026-12-03, with
 * the insight analyses recorded in both): keep-alive 5,924 / 6,453 req/s on the thread against 5,107 / 5,665
 * inline (p99 35–43 ms against 48–57), a new connection per request 4,040 against 2,176 (p99 60 against 131 ms).
 * (Until then `auto` chose inline on 2 cores, from runs in which the load generator shared the bench's process,
 * and in which the thread's insight recording failed under load and so cost nothing.)
 * PostgreSQL's commits take the same choice (postgres/writer-thread.ts): on a thread, a commit's round trips
 * are not answered behind the HTTP requests the event loop is parsing, and its connections pipeline.
 * `bench:ingest` case 10 on a 2-core VM (2026-12-04): 7,674 / 7,949 req/s on the thread against 6,523 / 6,710
 * inline (p99 24–26 ms against 27–28).
 */
export function writerMode(setting: Config['TOUCHPOINT_WRITER'], cores: number): 'thread' | 'inline' {
  if (setting !== 'auto') return setting;
  return cores >= WRITER_THREAD_MIN_CORES ? 'thread' : 'inline';
}

/** Which store a TOUCHPOINT_DB names: a `postgres://` or `postgresql://` URL, else an SQLite file. */
export function storeKind(db: string): 'sqlite' | 'postgres' {
  return /^postgres(ql)?:\/\//i.test(db) ? 'postgres' : 'sqlite';
}

/**
 * Opens the store TOUCHPOINT_DB names: a file path → SQLite (migrated, with its writer and group commit),
 * `postgres://…` → PostgreSQL. The one place that picks a store (store/sqlite and store/postgres are
 * imported nowhere else outside tests).
 */
export async function openStore(config: StoreConfig, opts: OpenStoreOptions = {}): Promise<Store> {
  if (storeKind(config.TOUCHPOINT_DB) === 'postgres') {
    let postgres: PostgresModule;
    try {
      postgres = (await import(POSTGRES_MODULE)) as PostgresModule;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      throw new Error(
        'TOUCHPOINT_DB names a PostgreSQL database, but the PostgreSQL store is not built into this version: ' +
          'use an SQLite file path',
      );
    }
    return postgres.openPostgresStore(config.TOUCHPOINT_DB, {
      writer: opts.writer ?? writerMode(config.TOUCHPOINT_WRITER, availableParallelism()),
    });
  }
  const store = new SqliteStore({
    file: config.TOUCHPOINT_DB,
    commitWindowMs: opts.commitWindowMs ?? config.TOUCHPOINT_COMMIT_WINDOW_MS,
    commitMaxRows: config.TOUCHPOINT_COMMIT_MAX_ROWS,
    writer: opts.writer ?? writerMode(config.TOUCHPOINT_WRITER, availableParallelism()),
  });
  if (opts.notDurable) store.db.pragma('synchronous = OFF');
  return store;
}
