import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** where everything is kept (SQLite by default; see store/open.ts) */
    store: Store;
  }
}

export { writerMode } from '../store/open.js';

/** Options of the store plugin: a ready store (tests) or the config to open one from (`openStore`). */
export interface StorePluginOptions {
  config: Config;
  store?: Store;
}

/** Opens the store and, on close, commits pending writes before closing it. */
export default fp<StorePluginOptions>(
  async (fastify, { config, store }) => {
    const opened = store ?? (await openStore(config));
    fastify.decorate('store', opened);
    fastify.addHook('onClose', async () => {
      await opened.close();
    });
  },
  { name: 'store' },
);
