import fp from 'fastify-plugin';
import { InsightThread } from '../insights/insight-thread.js';
import { SqliteInsights } from '../insights/sqlite-insights.js';
import { InsightWorker } from '../insights/worker.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** verbatim insights: null when the store has no insight tables (only the SQLite store has them yet) */
    insights: InsightService | null;
  }
}

/** The insight worker as the app sees it. */
export interface InsightService {
  store: SqliteInsights;
  worker: InsightWorker;
  /** analyses until nothing is waiting (tests, and the first tick after a burst) */
  drain(): Promise<number>;
}

/** How often the worker looks for new responses: insights may lag ingest by this much. */
const INSIGHT_POLL_MS = 2000;

/**
 * Runs the analysis of free-text answers off the ingest path: a timer picks up responses stored since the
 * last run (a rowid watermark) and analyses them in small batches. With `TOUCHPOINT_INSIGHTS_WORKER=thread`
 * (the default) a worker thread reads and analyses each batch on its own connection and the event loop only
 * records the results (one transaction without an fsync); `inline` does it all on the event loop, yielding
 * between batches; `off` runs no timer (`drain` and the backfill still work). Ingest never waits for it.
 */
export default fp(
  async (fastify) => {
    const log = fastify.log.child({ service: 'insights' });
    const store = fastify.store;
    if (!(store instanceof SqliteStore)) {
      log.warn('verbatim insights need the SQLite store; they are off');
      fastify.decorate('insights', null);
      return;
    }
    const worker = new InsightWorker(new SqliteInsights(store.db));
    const thread =
      fastify.config.TOUCHPOINT_INSIGHTS_WORKER === 'thread' && store.file !== ':memory:'
        ? new InsightThread(store.file, worker)
        : null;
    const runBatch = thread
      ? () => thread.runBatch()
      : async () => {
          const n = worker.runBatch();
          await new Promise((resolve) => setImmediate(resolve));
          return n;
        };
    let running: Promise<number> | null = null;
    const drain = (): Promise<number> => {
      running ??= (async () => {
        let total = 0;
        for (;;) {
          const n = await runBatch();
          total += n;
          if (n === 0) return total;
        }
      })().finally(() => {
        running = null;
      });
      return running;
    };
    const tick = () => {
      if (running) return;
      drain().catch((err: unknown) => log.error({ err }, 'insight analysis failed; retried at the next run'));
    };
    let timer: NodeJS.Timeout | undefined;
    fastify.decorate('insights', { store: worker.store, worker, drain });
    fastify.addHook('onReady', async () => {
      if (fastify.config.TOUCHPOINT_INSIGHTS_WORKER !== 'off') timer = setInterval(tick, INSIGHT_POLL_MS).unref();
    });
    // Registered after the store: hooks close in reverse, so a batch in progress ends before the store closes.
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
      await running?.catch(() => 0);
      await thread?.close();
    });
  },
  { name: 'insights', dependencies: ['store', 'config'] },
);
