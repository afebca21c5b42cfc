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
        writer: config.TOUCHPOINT_WRITER,
      });
    fastify.decorate('store', opened);
    fastify.addHook('onClose', async () => {
      await opened.close();
    });
  },
  { name: 'store' },
);
