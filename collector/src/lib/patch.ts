/** A PATCH body of a `T`: any field may be left out, and an object field may be sent in part. */
export type Patch<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K];
};

/**
 * The current item with a PATCH applied: each field sent replaces the current one, except the object fields
 * named in `mergeKeys` (settings-like objects), whose sent fields merge into the current object.
 */
export function applyPatch<T extends object>(current: T, patch: Patch<T>, mergeKeys: readonly (keyof T)[] = []): T {
  const next = { ...current, ...patch } as T;
  for (const key of mergeKeys) {
    if (patch[key] !== undefined) next[key] = { ...current[key], ...patch[key] } as T[typeof key];
  }
  return next;
}
