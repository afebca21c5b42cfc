/** Response rate: answered surveys over impressions (surveys shown), per touchpoint, trigger or any key. */

/** How often a survey was shown and how often it was answered. */
export interface ExposureCounts {
  answered: number;
  impressions: number;
}

/** Exposure counts with their response rate. */
export interface ResponseRateRow extends ExposureCounts {
  key: string;
  rate: number | null;
}

/** Throws unless both counts are non-negative integers. */
function checkExposure({ answered, impressions }: ExposureCounts): void {
  for (const [name, value] of [
    ['answered', answered],
    ['impressions', impressions],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
}

/**
 * answered / impressions as a fraction; null when there were no impressions. Not capped at 1: a rate
 * above 1 means impressions went unrecorded (e.g. QR or kiosk answers without an impression event), which
 * the analyst should see rather than have hidden.
 */
export function responseRate(counts: ExposureCounts): number | null {
  checkExposure(counts);
  return counts.impressions === 0 ? null : counts.answered / counts.impressions;
}

/** Adds up exposure rows by `keyOf` (e.g. touchpoint, or touchpoint + trigger) and rates each group, in key order. */
export function responseRatesBy<R extends ExposureCounts>(
  rows: Iterable<R>,
  keyOf: (row: R) => string,
): ResponseRateRow[] {
  const groups = new Map<string, ExposureCounts>();
  for (const row of rows) {
    checkExposure(row);
    const key = keyOf(row);
    const group = groups.get(key) ?? { answered: 0, impressions: 0 };
    group.answered += row.answered;
    group.impressions += row.impressions;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => ({ key, ...counts, rate: responseRate(counts) }));
}
