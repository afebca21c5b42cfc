import fp from 'fastify-plugin';
import type { ImprovementStore } from '../store/improvement-store.js';
import type { ReceiptStore } from '../store/receipt-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** receipt secrets, scans and counts (docs/RECEIPTS.md) */
    receipts: ReceiptStore;
    /** "you said, we did" improvements */
    improvements: ImprovementStore;
  }
}

/** Options of the receipts plugin: ready stores to use instead of the main store's own. */
export interface ReceiptsPluginOptions {
  receipts?: ReceiptStore;
  improvements?: ImprovementStore;
}

/** Receipt and improvement storage: the main store's (SQLite or PostgreSQL), under names the routes share. */
export default fp<ReceiptsPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('receipts', opts.receipts ?? fastify.store.receipts);
    fastify.decorate('improvements', opts.improvements ?? fastify.store.improvements);
  },
  { name: 'receipts', dependencies: ['store'] },
);
