import type { EventInput, ResponseInput } from '@touchpoint/shared';
import { listen, load, save } from './dom';

/** The two public ingest endpoints. */
export type Kind = 'responses' | 'events';

/** One queued send: endpoint and body (which carries its client id). */
interface Item {
  k: Kind;
  b: ResponseInput | EventInput;
}

/** Where a site's queue lives in localStorage (shared by all the site's tabs). */
export const queueKey = (site: string): string => 'tp_q_' + site;

/** First retry delay (ms) after a failed send; doubles up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 5000;
/** Longest wait (ms) between retries. */
const MAX_RETRY_MS = 300_000;
/** Queue cap: the oldest sends beyond this are dropped rather than filling storage. */
const MAX_QUEUE = 100;

/** What a send attempt came to: stored, rejected for good, or to be retried (numbers: they minify smaller). */
export const DONE = 0;
export const DROP = 1;
export const RETRY = 2;
export type Outcome = typeof DONE | typeof DROP | typeof RETRY;

/** Sorts an HTTP status: 2xx stored, other 4xx rejected for good, 429/5xx (and network errors) retried. */
export const outcome = (status: number): Outcome =>
  status >= 200 && status < 300 ? DONE : status >= 400 && status < 500 && status != 429 ? DROP : RETRY;

/**
 * The one transport: every send is written to a localStorage queue first, then posted with
 * `fetch(keepalive)` as a `text/plain` JSON body (no CORS preflight); it leaves the queue only when the
 * collector acknowledged it (or rejected it for good). Retries reuse the same id, so the collector stores
 * each response once. On page hide whatever is still queued goes out by `sendBeacon`. It starts by
 * delivering what earlier page views left queued.
 *
 * It crosses from the UI chunk to the loader, so its methods have public (unmangled) names.
 */
export function transport(base: string, site: string, debug: (...a: unknown[]) => void) {
  const key = queueKey(site);
  let q: Item[] = load<Item[]>(key) || [];
  let busy = false;
  let again = false;
  let wait = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const url = (k: Kind) => new URL('v1/' + k, base);
  const persist = () => save(key, q);

  async function flush(): Promise<void> {
    if (busy) return void (again = true);
    busy = true;
    clearTimeout(timer);
    let failed = false;
    for (const item of q.slice()) {
      let o: Outcome;
      try {
        const r = await fetch(url(item.k), {
          method: 'POST',
          body: JSON.stringify(item.b),
          keepalive: true,
        });
        o = outcome(r.status);
        if (o == DROP) debug('rejected', r.status, await r.text());
      } catch {
        o = RETRY;
      }
      if (o == RETRY) {
        failed = true;
        break;
      }
      // the item may have been replaced meanwhile (a partial answer became complete): keep the newer one
      q = q.filter((x) => x !== item);
      persist();
    }
    busy = false;
    if (again) {
      again = false;
      return flush();
    }
    if (failed) {
      timer = setTimeout(flush, wait);
      wait = Math.min(wait * 2, MAX_RETRY_MS);
    } else wait = FIRST_RETRY_MS;
  }

  listen(window, 'online', () => void flush());
  listen(window, 'pagehide', () => {
    for (const item of q) {
      try {
        navigator.sendBeacon(url(item.k), JSON.stringify(item.b));
      } catch {
        /* beacon unavailable; the queue is retried on the next page */
      }
    }
  });

  void flush();
  return {
    /** Queues a send (replacing a queued one with the same id) and starts delivering. */
    send(k: Kind, b: ResponseInput | EventInput): void {
      q = q
        .filter((x) => x.b.id != b.id)
        .concat({ k, b })
        .slice(-MAX_QUEUE);
      persist();
      void flush();
    },
    /** Forgets everything queued (consent withdrawn). */
    clear(): void {
      q = [];
      persist();
    },
  };
}

/** A transport: `send` and `clear`. */
export type Transport = ReturnType<typeof transport>;
