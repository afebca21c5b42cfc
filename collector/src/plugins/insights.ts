import fp from 'fastify-plugin';
import { insightEngine } from '../insights/engine.js';
import { yieldToIngest } from '../insights/ingest-first.js';
import type { InsightConfig, InsightConfigEdit, InsightStore } from '../insights/insight-store.js';

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

/**
 * Runs the analysis of free-text answers off the ingest path: a timer picks up responses stored since the
 * last run and analyses them in small batches. With `TOUCHPOINT_INSIGHTS_WORKER=thread` (the default) the
 * analysis runs on a worker thread and the results are recorded by the SQLite writer thread (or, with the
 * inline writer, on the event loop); `inline` does it all on the
 * event loop, yielding between batches; `off` runs no timer (`drain` and the backfill still work). Ingest
 * never waits for it, and it gives way to ingest: while writes queue for their commit, each batch waits
 * (up to 2 s after the last one; insights/ingest-first.ts), so a burst is stored at full speed and analysed
 * once it eases. On SQLite the thread reads on its own connection and the watermark is a rowid; on
 * PostgreSQL batches are claimed from a queue with SKIP LOCKED, so several collectors share the work.
 */
export default fp(
  async (fastify) => {
    const log = fastify.log.child({ service: 'insights' });
    const mode = fastify.config.TOUCHPOINT_INSIGHTS_WORKER;
    const engine = insightEngine(fastify.store, mode);
    if (!engine) {
      log.warn('this store keeps no verbatim insights; they are off');
      fastify.decorate('insights', null);
      return;
    }
    let running: Promise<number> | null = null;
    let closing = false;
    const ingest = { backlog: () => fastify.store.ingestBacklog(), stopped: () => closing };
    /** since when the analyses have been giving way to ingest, and how many they made meanwhile (for the log) */
    let behindSince: number | null = null;
    let analysedBehind = 0;
    /** `paced`: each batch gives way to ingest first (the timer's runs; a drain asked for runs at once) */
    const drain = (paced = false): Promise<number> => {
      running ??= (async () => {
        let total = 0;
        let last = Date.now();
        for (;;) {
          if (paced) {
            const waited = await yieldToIngest(last, ingest);
            if (closing) return total;
            if (waited > 0 && behindSince === null) {
              behindSince = Date.now();
              analysedBehind = 0;
              log.info('ingest is behind: verbatim analyses wait (a batch every 2 s at most) until it catches up');
            }
          }
          const n = await engine.runBatch();
          last = Date.now();
          total += n;
          if (behindSince !== null) analysedBehind += n;
          if (n === 0) {
            if (paced && behindSince !== null) {
              const seconds = Math.round((Date.now() - behindSince) / 1000);
              log.info({ seconds, analysed: analysedBehind }, 'verbatim analyses caught up with ingest');
              behindSince = null;
            }
            return total;
          }
        }
      })().finally(() => {
        running = null;
      });
      return running;
    };
    const tick = () => {
      if (running) return;
      drain(true)
        .then(() => engine.store.refreshEmerging())
        .catch((err: unknown) => log.error({ err }, 'insight analysis failed; retried at the next run'));
    };
    let timer: NodeJS.Timeout | undefined;
    fastify.decorate('insights', {
      store: engine.store,
      async saveConfig(site: string, edit: InsightConfigEdit) {
        await engine.store.saveConfig(site, edit);
        engine.forget(site);
        return engine.store.config(site);
      },
      drain: () => drain(),
      backfill: (site: string) => engine.backfill(site),
    } satisfies InsightService);
    fastify.addHook('onReady', async () => {
      if (mode !== 'off') timer = setInterval(tick, INSIGHT_POLL_MS).unref();
    });
    // Registered after the store: hooks close in reverse, so a batch in progress ends before the store closes.
    fastify.addHook('onClose', async () => {
      closing = true;
      clearInterval(timer);
      await running?.catch(() => 0);
      await engine.close();
    });
  },
  { name: 'insights', dependencies: ['store', 'config'] },
);
