let lastMs = NaN;
let lastIso = '';

/**
 * `new Date(ms).toISOString()`, written once per millisecond: under load many requests, and the rows of
 * one commit, share the same millisecond, and formatting costs more than the rest of what they do with it.
 */
export function isoAt(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
