/**
 * Ingest comes first: the verbatim analyses (a worker thread's CPU, then a transaction on the writer) give way
 * while the collector cannot keep up with the responses it is sent, and catch up once it can. A response is
 * what must not be lost or kept waiting; its analysis can come later and can always be computed again.
 */

/** A mean of this many writes waiting for their commit (Store.ingestBacklog) means ingest is behind. */
export const BUSY_BACKLOG = 32;
/** …but an analysis never waits longer than this after the last one ended: under any load they move on. */
export const MAX_YIELD_MS = 2000;
/** How often a waiting analysis looks at the backlog again. */
const STEP_MS = 50;

export interface YieldOptions {
  /** the store's backlog (Store.ingestBacklog) */
  backlog: () => number;
  /** true once the collector is closing: stop waiting */
  stopped: () => boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits while ingest is behind (a backlog of BUSY_BACKLOG or more), up to MAX_YIELD_MS after `since` (when the
 * last batch ended), or until stopped; resolves with how long it waited. Under light load it waits not at all.
 */
export async function yieldToIngest(since: number, o: YieldOptions): Promise<number> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? pause;
  const started = now();
  while (!o.stopped() && o.backlog() >= BUSY_BACKLOG && now() - since < MAX_YIELD_MS) await sleep(STEP_MS);
  return now() - started;
}
