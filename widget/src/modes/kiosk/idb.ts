/**
 * A small promise wrapper over IndexedDB (no library): the kiosk's durable queue and its few
 * remembered values. A write resolves only when its transaction has committed, and queue writes ask
 * for `strict` durability (flushed to disk), so an answer survives a power cut once it is on screen.
 */
import type { QueueItem, QueueStore } from './queue';

/** The kiosk's database on this origin. */
const DB = 'touchpoint-kiosk';
/** Bump with a new `upgrade` step when the stores change. */
const VERSION = 1;
/** The queue of responses to send (key: response id). */
const QUEUE = 'q';
/** Remembered values: the device id, the last config. */
const KV = 'kv';

/** Resolves a request's result. */
export const done = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** Opens (and on first use creates) the kiosk's database. */
export function openDb(name = DB): Promise<IDBDatabase> {
  const r = indexedDB.open(name, VERSION);
  r.onupgradeneeded = () => {
    r.result.createObjectStore(QUEUE, { keyPath: 'id' });
    r.result.createObjectStore(KV);
  };
  return done(r);
}

/** Runs one request in its own transaction; resolves with its result once the transaction committed. */
function run<T>(
  db: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  fn: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode, { durability: 'strict' });
    const r = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(r.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

/** The queue over IndexedDB. */
export const idbQueue = (db: IDBDatabase): QueueStore => ({
  all: () => run(db, QUEUE, 'readonly', (s) => s.getAll() as IDBRequest<QueueItem[]>),
  get: (id) => run(db, QUEUE, 'readonly', (s) => s.get(id) as IDBRequest<QueueItem | undefined>),
  put: (item) => run(db, QUEUE, 'readwrite', (s) => s.put(item)).then(() => {}),
  del: (id) => run(db, QUEUE, 'readwrite', (s) => s.delete(id)),
  count: () => run(db, QUEUE, 'readonly', (s) => s.count()),
});

/** Reads a remembered value. */
export const kvGet = <T>(db: IDBDatabase, key: string): Promise<T | undefined> =>
  run(db, KV, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);

/** Remembers a value. */
export const kvSet = (db: IDBDatabase, key: string, value: unknown): Promise<void> =>
  run(db, KV, 'readwrite', (s) => s.put(value, key)).then(() => {});
