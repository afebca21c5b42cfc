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

/** Reads a JSON value from localStorage; undefined when storage is blocked or the value is corrupt. */
export function load<T>(key: string): T | undefined {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Writes a JSON value to localStorage; silently does nothing where storage is blocked. */
export function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or blocked (Safari private mode, sandboxed iframe) */
  }
}

/** A random RFC 4122 version 4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid(): string {
  const r = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  // template digits: x random, 4 the version, y the variant (8, 9, a or b)
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) =>
    (c == 'x' ? r[i++]! & 15 : (r[i++]! & 3) | 8).toString(16),
  );
}
