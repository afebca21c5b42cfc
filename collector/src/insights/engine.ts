import { PgInsights } from '../store/postgres/insights.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { VersionedAnalysers, type AnalysisJob } from './analyse-batch.js';
import { InsightThread } from './insight-thread.js';
import type { InsightStore } from './insight-store.js';
import { SqliteInsightStore } from './sqlite-insight-store.js';
import { SqliteInsights } from './sqlite-insights.js';
import { INSIGHT_BATCH, InsightWorker } from './worker.js';

/** A store's way of analysing: one batch, a site's backfill, and what an edit of settings must forget. */
export interface InsightEngine {
  store: InsightStore;
  runBatch(): Promise<number>;
  backfill(site: string): Promise<number>;
  forget(site: string): void;
  close(): Promise<void>;
}

/**
 * On SQLite: the thread reads and analyses on its own connection (InsightThread); the analyses are recorded
 * by the store's writer thread when it has one, else on the event loop.
 */
function sqliteEngine(store: SqliteStore, mode: string): InsightEngine {
  // With a writer thread, analyses are recorded there (the only writer); else on the main connection.
  const worker = new InsightWorker(new SqliteInsights(store.db, store.sites), store.insightRecorder());
  const thread = mode === 'thread' && store.file !== ':memory:' ? new InsightThread(store.file, worker) : null;
  return {
    store: new SqliteInsightStore(worker.store),
    runBatch: thread
      ? () => thread.runBatch()
      : async () => {
          const n = await worker.runBatch();
          await new Promise((resolve) => setImmediate(resolve));
          return n;
        },
    backfill: (site) => worker.backfill(site),
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
 * The insight engine of a store (null: a store without insight tables). `mode` is TOUCHPOINT_INSIGHTS_WORKER:
 * `thread` analyses on a worker thread, anything else on the event loop.
 */
export function insightEngine(store: Store, mode: string): InsightEngine | null {
  if (store instanceof SqliteStore) return sqliteEngine(store, mode);
  if (store instanceof PostgresStore) return postgresEngine(store, mode);
  return null;
}
