import fp from 'fastify-plugin';
import { VersionedAnalysers, type AnalysisJob } from '../insights/analyse-batch.js';
import { InsightThread } from '../insights/insight-thread.js';
import type { InsightConfig, InsightConfigEdit, InsightStore } from '../insights/insight-store.js';
import { SqliteInsightStore } from '../insights/sqlite-insight-store.js';
import { SqliteInsights } from '../insights/sqlite-insights.js';
import { INSIGHT_BATCH, InsightWorker } from '../insights/worker.js';
import { PgInsights } from '../store/postgres/insights.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** verbatim insights: null when the store has no insight tables */
    insights: InsightService | null;
  }
}

/** The insight worker as the app sees it. */
export interface InsightService {
  store: InsightStore;
  /** edits a site's settings; the next analyses use them */
  saveConfig(site: string, edit: InsightConfigEdit): Promise<InsightConfig>;
  /** analyses until nothing is waiting (tests, and the first tick after a burst) */
  drain(): Promise<number>;
  /** analyses all of a site's responses again with its current settings */
  backfill(site: string): Promise<number>;
}

/** How often the worker looks for new responses: insights may lag ingest by this much. */
const INSIGHT_POLL_MS = 2000;

/** A store's way of analysing: one batch, a site's backfill, and what an edit of settings must forget. */
interface InsightEngine {
  store: InsightStore;
  runBatch(): Promise<number>;
  backfill(site: string): Promise<number>;
  forget(site: string): void;
  close(): Promise<void>;
}

/** On SQLite: the thread reads and analyses on its own connection, the event loop records (InsightThread). */
function sqliteEngine(store: SqliteStore, mode: string): InsightEngine {
  const worker = new InsightWorker(new SqliteInsights(store.db));
  const thread = mode === 'thread' && store.file !== ':memory:' ? new InsightThread(store.file, worker) : null;
  return {
    store: new SqliteInsightStore(worker.store),
    runBatch: thread
      ? () => thread.runBatch()
      : async () => {
          const n = worker.runBatch();
          await new Promise((resolve) => setImmediate(resolve));
          return n;
        },
    backfill: async (site) => worker.backfill(site),
    forget: (site) => worker.forget(site),
    close: async () => thread?.close(),
  };
}

/**
 * On PostgreSQL: a batch claims and records in one transaction (PgInsights); the analysis, CPU work, runs
 * on a thread without a database. Settings travel with each job, versioned, so edits made on any collector
 * need no message.
 */
function postgresEngine(store: PostgresStore, mode: string): InsightEngine {
  const insights = new PgInsights(store.pool, store.sites, store.writes);
  const thread = mode === 'thread' ? new InsightThread(null, null) : null;
  const inline = new VersionedAnalysers();
  const analyse = thread
    ? (job: AnalysisJob) => thread.analyse(job)
    : async (job: AnalysisJob) => {
        const records = inline.analyse(job);
        await new Promise((resolve) => setImmediate(resolve));
        return records;
      };
  return {
    store: insights,
    runBatch: () => insights.runBatch(analyse, INSIGHT_BATCH),
    backfill: (site) => insights.backfill(site, analyse, INSIGHT_BATCH),
    forget: () => undefined,
    close: async () => thread?.close(),
  };
}

/**
 * Runs the analysis of free-text answers off the ingest path: a timer picks up responses stored since the
 * last run and analyses them in small batches. With `TOUCHPOINT_INSIGHTS_WORKER=thread` (the default) the
 * analysis runs on a worker thread and the event loop only records the results; `inline` does it all on the
 * event loop, yielding between batches; `off` runs no timer (`drain` and the backfill still work). Ingest
 * never waits for it. On SQLite the thread reads on its own connection and the watermark is a rowid; on
 * PostgreSQL batches are claimed from a queue with SKIP LOCKED, so several collectors share the work.
 */
export default fp(
  async (fastify) => {
    const log = fastify.log.child({ service: 'insights' });
    const store = fastify.store;
    const mode = fastify.config.TOUCHPOINT_INSIGHTS_WORKER;
    const engine =
      store instanceof SqliteStore
        ? sqliteEngine(store, mode)
        : store instanceof PostgresStore
          ? postgresEngine(store, mode)
          : null;
    if (!engine) {
      log.warn('this store keeps no verbatim insights; they are off');
      fastify.decorate('insights', null);
      return;
    }
    let running: Promise<number> | null = null;
    const drain = (): Promise<number> => {
      running ??= (async () => {
        let total = 0;
        for (;;) {
          const n = await engine.runBatch();
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
    fastify.decorate('insights', {
      store: engine.store,
      async saveConfig(site: string, edit: InsightConfigEdit) {
        await engine.store.saveConfig(site, edit);
        engine.forget(site);
        return engine.store.config(site);
      },
      drain,
      backfill: (site: string) => engine.backfill(site),
    } satisfies InsightService);
    fastify.addHook('onReady', async () => {
      if (mode !== 'off') timer = setInterval(tick, INSIGHT_POLL_MS).unref();
    });
    // Registered after the store: hooks close in reverse, so a batch in progress ends before the store closes.
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
      await running?.catch(() => 0);
      await engine.close();
    });
  },
  { name: 'insights', dependencies: ['store', 'config'] },
);
