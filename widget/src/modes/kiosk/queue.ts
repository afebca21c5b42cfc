import type { ResponseInput } from '@touchpoint/shared';
import { DONE, DROP, RETRY, type Outcome, outcome } from '../../core/transport';

/** One response waiting to be sent: the latest version of its id. */
export interface QueueItem {
  /** the response id (the store's key) */
  id: string;
  /** version: rises with every write, so an acknowledgement never deletes a newer version of the id */
  v: number;
  b: ResponseInput;
}

/** Where the queue lives: IndexedDB on the kiosk (idb.ts), a Map in unit tests. */
export interface QueueStore {
  all(): Promise<QueueItem[]>;
  get(id: string): Promise<QueueItem | undefined>;
  /** adds or replaces the item of its id; resolves once durably written */
  put(item: QueueItem): Promise<void>;
  del(id: string): Promise<unknown>;
  count(): Promise<number>;
}

/** Posts one response or a batch; resolves with the HTTP status, rejects on a network error. */
export type Post = (bodies: ResponseInput[]) => Promise<number>;

/** What the queue needs from its surroundings (injected so tests drive it without a browser). */
export interface QueueEnv {
  /** whether the device believes it is online (`navigator.onLine`) */
  online(): boolean;
  /** runs `fn` after `ms`; returns what cancels it */
  later(fn: () => void, ms: number): () => void;
}

/** Responses per request; the collector accepts up to 100 (LIMITS.batch), and half keeps bodies small. */
export const BATCH = 50;
/** First retry delay after a failed send (ms); doubles per failure up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 2000;
/** Longest wait between retries (ms): a kiosk back online should not wait long to catch up. */
const MAX_RETRY_MS = 60_000;
/** Acknowledged ids remembered in memory, to refuse a late resend (the oldest are forgotten first). */
const MAX_ACKED = 1000;

/** Delay before retry number `failures` (1, 2, …): 2 s, 4 s, 8 s, … up to a minute. */
export const retryDelay = (failures: number): number =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);

/** Whether a new version of a response replaces the queued one: a complete response is never downgraded to partial. */
export const replaces = (queued: QueueItem | undefined, incoming: ResponseInput): boolean =>
  !queued || queued.b.partial !== false || incoming.partial === false;

/**
 * The kiosk's offline-first send queue. Every version of a response is written to the store before
 * anything is sent (only the latest per id is kept); it is deleted only after the collector answered
 * 2xx (stored) or a final 4xx (rejected for good: a batch so rejected is retried one by one, so one bad
 * answer cannot hold up the rest). Network errors, 429 and 5xx keep it for a retry with the same id,
 * with backoff. An acknowledged complete response is never sent again.
 */
export function offlineQueue(store: QueueStore, post: Post, env: QueueEnv) {
  /** store steps run one after another, so a check and the write that depends on it see no other write */
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };
  const acked = new Set<string>();
  let version = Date.now();
  let running: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let cancel = () => {};

  /** Forgets a sent item unless a newer version of its id was written meanwhile. */
  const ack = (item: QueueItem) =>
    serial(async () => {
      const now = await store.get(item.id);
      if (now && now.v == item.v) await store.del(item.id);
      if (item.b.partial === false) {
        acked.add(item.id);
        if (acked.size > MAX_ACKED) acked.delete(acked.values().next().value!);
      }
    });

  /** Posts a batch; forgets its items if the collector stored them (or rejected a single one for good). */
  async function attempt(batch: QueueItem[]): Promise<Outcome> {
    let o: Outcome;
    try {
      o = outcome(await post(batch.map((x) => x.b)));
    } catch {
      o = RETRY;
    }
    if (o == DONE || (o == DROP && batch.length == 1)) for (const x of batch) await ack(x);
    return o;
  }

  /** Sends everything queued, oldest first; false when something is left for a retry. */
  async function drain(): Promise<boolean> {
    const items = (await store.all()).sort((a, b) => a.v - b.v);
    for (let i = 0; i < items.length; i += BATCH) {
      if (!env.online()) return false;
      const batch = items.slice(i, i + BATCH);
      const o = await attempt(batch);
      if (o == RETRY) return false;
      if (o == DROP && batch.length > 1) for (const x of batch) if ((await attempt([x])) == RETRY) return false;
    }
    return true;
  }

  /** Sends what is queued now; a call during a send makes that send go round once more. */
  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    cancel();
    running = (async () => {
      let ok: boolean;
      do {
        again = false;
        ok = await drain().catch(() => false);
      } while (ok && again);
      running = undefined;
      if (ok) failures = 0;
      // offline, the `online` event (and the heartbeat's periodic flush) starts the next round
      else if (env.online()) cancel = env.later(() => void flush(), retryDelay(++failures));
    })();
    return running;
  }

  return {
    /**
     * Writes a response (partial or complete) to the store, then starts sending. Resolves once it is
     * durably queued, with false when it was not queued (already acknowledged, or older than the queued one).
     */
    enqueue(b: ResponseInput): Promise<boolean> {
      const queued = serial(async () => {
        if (acked.has(b.id)) return false;
        if (!replaces(await store.get(b.id), b)) return false;
        await store.put({ id: b.id, v: ++version, b });
        return true;
      });
      queued.then(
        (ok) => void (ok && flush()),
        () => {},
      );
      return queued;
    },
    flush,
    /** how many responses wait to be sent */
    size: (): Promise<number> => store.count(),
    /** a network change: back online, send now and forget the backoff */
    online(): Promise<void> {
      failures = 0;
      return flush();
    },
  };
}

/** The queue's type, for its users. */
export type OfflineQueue = ReturnType<typeof offlineQueue>;

/** A queue store in memory: where IndexedDB is unavailable (the kiosk then works online only), and in tests. */
export function memoryStore(): QueueStore {
  const m = new Map<string, QueueItem>();
  return {
    all: async () => [...m.values()],
    get: async (id) => m.get(id),
    put: async (item) => void m.set(item.id, item),
    del: async (id) => m.delete(id),
    count: async () => m.size,
  };
}
