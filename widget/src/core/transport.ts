import type { EventInput, ResponseInput } from '@touchpoint/shared';
import { drop, listen, load, save } from './dom';

/** The two public ingest endpoints. */
export type Kind = 'responses' | 'events';

/** One queued send: endpoint and body (which carries its client id). */
interface Item {
  k: Kind;
  b: ResponseInput | EventInput;
}

/**
 * JSON text of a value, ignoring the `toJSON` methods a host page may have added to built-in prototypes
 * (Prototype.js turns every array into a string that way); a Date keeps its standard form. The
 * replacer is called after `toJSON`, with the holder as `this`, so it hands back the raw value.
 */
export const json = (value: unknown): string =>
  JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
    const raw = this[k];
    return raw instanceof Date ? v : raw;
  });

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
 *
 * The queue is shared by every tab of the site, so no tab keeps a copy of it: each change (queue a send,
 * drop an acknowledged one, clear) re-reads it from storage and writes it straight back, synchronously,
 * so a tab never writes back a stale copy that drops what another tab queued. Items are keyed by their
 * client id; an acknowledgement removes an item only while storage still holds the very version that
 * was sent (compared as the JSON posted). With nothing cached there is nothing for a `storage` event to
 * refresh, so none is listened to. (localStorage has no lock across tabs: two tabs writing the queue
 * within the same few milliseconds can still lose one change; the window is that narrow now, where a
 * stale copy used to last as long as the tab.)
 */
export function transport(base: string, site: string, debug: (...a: unknown[]) => void) {
  const key = queueKey(site);
  /**
   * this tab's last write: the queue while storage cannot be read or written (blocked; or full, until
   * a later write fits again)
   */
  let mine: Item[] = [];
  let saved = true;
  /** consent withdrawn: nothing is written or posted until the next send */
  let off = false;
  let busy = false;
  let again = false;
  let wait = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const url = (k: Kind) => new URL('v1/' + k, base);
  /** The queue as it stands now, in storage (any tab may have changed it); what is not an item is dropped. */
  const read = (): Item[] => {
    const q = saved && load<Item[]>(key);
    return Array.isArray(q) ? q.filter((x) => x && x.b && typeof x.b.id == 'string' && typeof x.k == 'string') : mine;
  };
  /** Applies one change to the queue as it stands now and writes it back. */
  const change = (f: (q: Item[]) => Item[]) => void (off || (saved = save(key, (mine = f(read())), json)));

  async function flush(): Promise<void> {
    if (busy) return void (again = true);
    busy = true;
    clearTimeout(timer);
    let failed = false;
    for (const item of read()) {
      if (off) break;
      let body = '';
      let o: Outcome;
      try {
        body = json(item.b);
        const r = await fetch(url(item.k), { method: 'POST', body, keepalive: true });
        o = outcome(r.status);
        if (o == DROP) debug('rejected', r.status, await r.text());
      } catch {
        o = RETRY;
      }
      if (o == RETRY) {
        failed = true;
        break;
      }
      // only the version sent leaves: one queued meanwhile (a partial answer became complete) stays
      change((q) => q.filter((x) => json(x.b) != body));
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
  // every tab's unsent items, as they stand in storage now (the collector keeps each id once)
  listen(window, 'pagehide', () => {
    for (const item of read()) {
      try {
        navigator.sendBeacon(url(item.k), json(item.b));
      } catch {
        /* beacon unavailable; the queue is retried on the next page */
      }
    }
  });

  void flush();
  return {
    /** Queues a send (replacing a queued one with the same id) and starts delivering. */
    send(k: Kind, b: ResponseInput | EventInput): void {
      off = false;
      change((q) =>
        q
          .filter((x) => x.b.id != b.id)
          .concat({ k, b })
          .slice(-MAX_QUEUE),
      );
      void flush();
    },
    /** Forgets everything queued and stops writing and posting (consent withdrawn). */
    clear(): void {
      off = true;
      mine = [];
      drop(key);
    },
  };
}

/** A transport: `send` and `clear`. */
export type Transport = ReturnType<typeof transport>;
