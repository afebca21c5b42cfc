/** Longest `durationMs` the wire contract accepts (a day). */
export const MAX_DURATION_MS = 86_400_000;

/**
 * `context.durationMs`: from the survey appearing (on a kiosk: for this customer, after the last reset) to the last
 * answer, whole ms within the contract's bounds. The misuse filter compares it with the answer count.
 */
export const duration = (shownAt: number, answeredAt: number): number =>
  Math.min(MAX_DURATION_MS, Math.max(0, Math.round(answeredAt - shownAt)));
