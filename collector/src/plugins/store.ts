import { availableParallelism } from 'node:os';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** where everything is kept (SQLite by default) */
    store: Store;
  }
}

/** Cores from which a writer thread pays for itself (see `writerMode`). */
const WRITER_THREAD_MIN_CORES = 3;

/**
 * Where SQLite commits run, for `TOUCHPOINT_WRITER=auto`. A writer thread runs commits beside the event
 * loop, which needs a core for each. On two cores (the small VM a collector often gets, shared with a TLS
 * proxy and the kernel's network work) the two threads only take turns, and every commit costs two thread
 * hand-overs on a busy machine: `bench:ingest` on a 2-core VM measured the inline writer at 0.52–0.55×
 * bare node:http (p99 8 ms) against 0.39–0.46× (p99 8–11 ms) for the writer thread. With more cores the
 * thread parses and commits in parallel.
 */
export function writerMode(setting: Config['TOUCHPOINT_WRITER'], cores: number): 'thread' | 'inline' {
  if (setting !== 'auto') return setting;
  return cores >= WRITER_THREAD_MIN_CORES ? 'thread' : 'inline';
}

/** Options of the store plugin: a ready store (tests, other dialects) or the config to open SQLite. */
export interface StorePluginOptions {
  config: Config;
  store?: Store;
}

/** Opens the store and, on close, commits pending writes before closing it. */
export default fp<StorePluginOptions>(
  async (fastify, { config, store }) => {
    const opened =
      store ??
      new SqliteStore({
        file: config.TOUCHPOINT_DB,
        commitWindowMs: config.TOUCHPOINT_COMMIT_WINDOW_MS,
        commitMaxRows: config.TOUCHPOINT_COMMIT_MAX_ROWS,
        writer: writerMode(config.TOUCHPOINT_WRITER, availableParallelism()),
      });
    fastify.decorate('store', opened);
    fastify.addHook('onClose', async () => {
      await opened.close();
    });
  },
  { name: 'store' },
);
