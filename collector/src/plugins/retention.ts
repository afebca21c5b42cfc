import fp from 'fastify-plugin';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** storage limitation: anonymises or deletes responses older than each site's retention period */
    retention: { run(now?: Date): Promise<RetentionResult[]> };
  }
}

/** How often the retention job runs: its cut-off is a day, so a daily run is early enough. */
const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** What the job did on one site. */
export interface RetentionResult {
  site: string;
  action: 'anonymise' | 'delete';
  /** responses created before this were treated */
  before: string;
  responses: number;
}

/** The instant `months` calendar months before `now` (UTC; the 31st of a short month rolls over). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * Applies every site's retention setting as of `now`: responses created more than `retentionMonths` ago are
 * anonymised (or deleted, with `retentionAction: 'delete'`). Sites without the setting keep everything.
 */
export async function runRetention(store: Store, now: Date): Promise<RetentionResult[]> {
  const results: RetentionResult[] = [];
  for (const site of await store.listSites()) {
    const months = site.settings.retentionMonths;
    if (months === undefined || months === null) continue;
    const action = site.settings.retentionAction ?? 'anonymise';
    const before = monthsBefore(now, months).toISOString();
    results.push({ site: site.key, action, before, responses: await store.applyRetention(site.key, before, action) });
  }
  return results;
}

/** Runs the retention job when the server is ready and then daily; the timer never holds the process open. */
export default fp(
  async (fastify) => {
    const log = fastify.log.child({ service: 'retention' });
    let running: Promise<RetentionResult[]> | null = null;
    const run = async (now = new Date()): Promise<RetentionResult[]> => {
      const results = await runRetention(fastify.store, now);
      for (const r of results) if (r.responses > 0) log.info(r, 'retention applied');
      return results;
    };
    const tick = () => {
      if (running) return;
      running = run()
        .catch((err: unknown) => {
          log.error({ err }, 'retention failed; retried at the next run');
          return [];
        })
        .finally(() => {
          running = null;
        });
    };
    let timer: NodeJS.Timeout | undefined;
    fastify.decorate('retention', { run });
    fastify.addHook('onReady', async () => {
      tick();
      timer = setInterval(tick, RETENTION_INTERVAL_MS).unref();
    });
    // Registered after the store: hooks close in reverse, so a run in progress ends before the store closes.
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'retention', dependencies: ['store'] },
);
