/** Adds an event listener and returns the function that removes it. */
export function listen<E extends Event = Event>(
  target: EventTarget,
  type: string,
  fn: (e: E) => void,
  capture?: boolean,
): () => void {
  const opts = { capture, passive: true };
  target.addEventListener(type, fn as EventListener, opts);
  return () => target.removeEventListener(type, fn as EventListener, opts);
}

/** Milliseconds on a monotonic clock. */
export const now = (): number => performance.now();

/** Reads a JSON value from localStorage; null when absent, undefined when storage is blocked or the value is corrupt. */
export function load<T>(key: string): T | null | undefined {
  try {
    // (JSON.parse(null) is null: the argument is made a string, "null")
    return JSON.parse(localStorage.getItem(key)!);
  } catch {
    return undefined;
  }
}

/** Removes a localStorage entry; nothing where storage is blocked. */
export function drop(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* storage blocked: nothing stored to remove */
  }
}

/**
 * Writes a JSON value to localStorage; false (and nothing else) where storage is full or blocked. The
 * display memory holds only numbers, which a page's `toJSON` on `Number` (Prototype.js) at worst turns
 * into numeric strings that read back the same; the send queue passes `json` (transport).
 */
export function save(key: string, value: unknown, text: (v: unknown) => string = JSON.stringify): boolean {
  try {
    localStorage.setItem(key, text(value));
    return true;
  } catch {
    return false; // storage full or blocked (Safari private mode, sandboxed iframe)
  }
}

/**
 * A version 7 UUID (RFC 9562): the time in Unix milliseconds, then random bits. Ids that grow with time
 * land at the end of the collector's id index, so a busy collector rewrites a few index pages per commit
 * instead of one random page per response. The time it shows is the `createdAt` sent anyway.
 * (crypto.randomUUID needs a secure context and makes version 4; getRandomValues works everywhere.)
 */
export function uuid(): string {
  const r = crypto.getRandomValues(new Uint8Array(31));
  // 2^48 + now: 13 hex digits, the last 12 of them the milliseconds (good until the year 10889)
  const t = (Date.now() + 2 ** 48).toString(16);
  let i = 0;
  // 12 digits of time, then x random, 7 the version, y the variant (8, 9, a or b)
  return 'xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) =>
    i < 12 ? t[++i]! : (c == 'x' ? r[i++]! & 15 : (r[i++]! & 3) | 8).toString(16),
  );
}
