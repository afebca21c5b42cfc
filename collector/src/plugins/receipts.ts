import fp from 'fastify-plugin';
import type { ImprovementStore } from '../store/improvement-store.js';
import type { ReceiptStore } from '../store/receipt-store.js';
import { SqliteImprovements } from '../store/sqlite/improvements.js';
import { SqliteReceipts } from '../store/sqlite/receipts.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** receipt secrets, scans and counts (docs/RECEIPTS.md); null on a store without receipt tables */
    receipts: ReceiptStore | null;
    /** "you said, we did" improvements; null on a store without their tables */
    improvements: ImprovementStore | null;
  }
}

/** Options of the receipts plugin: a ready ReceiptStore (another dialect), else SQLite's beside the store. */
export interface ReceiptsPluginOptions {
  receipts?: ReceiptStore;
  improvements?: ImprovementStore;
}

/** Receipt and improvement storage beside the main store: SQLite's tables from migration 012, on the store's connection. */
export default fp<ReceiptsPluginOptions>(
  async (fastify, opts) => {
    const store = fastify.store;
    fastify.decorate('receipts', opts.receipts ?? (store instanceof SqliteStore ? new SqliteReceipts(store.db) : null));
    fastify.decorate(
      'improvements',
      opts.improvements ?? (store instanceof SqliteStore ? new SqliteImprovements(store.db) : null),
    );
  },
  { name: 'receipts', dependencies: ['store'] },
);
