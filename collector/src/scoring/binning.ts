/**
 * Bins for numeric variables such as bill value: cut points at the quintiles of the observed values,
 * rounded to two significant figures and de-duplicated. Quantile cuts give each bin a similar n, so
 * their scores are about equally precise even when the variable is skewed (bill values are); rounding
 * makes edges an analyst can read ("40 to < 120" rather than "37.42 to < 118.9").
 */

/** Bins aimed for when none is asked (quintiles of the variable). */
export const DEFAULT_BIN_COUNT = 5;
/** Significant figures kept on a cut point. */
const CUT_SIGNIFICANT_DIGITS = 2;

/** A half-open bin [min, max); the first starts at −∞ and the last ends at +∞. */
export interface Bin {
  label: string;
  min: number;
  max: number;
}

/** x rounded to `digits` significant figures (0 stays 0). */
export function roundSignificant(x: number, digits = CUT_SIGNIFICANT_DIGITS): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** The label of the bin [min, max). */
function binLabel(min: number, max: number): string {
  if (min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY) return 'all';
  if (min === Number.NEGATIVE_INFINITY) return `< ${max}`;
  if (max === Number.POSITIVE_INFINITY) return `≥ ${min}`;
  return `${min} to < ${max}`;
}

/** Up to `count` bins with rounded quantile cut points; no bin is empty of the observed values. */
export function quantileBins(values: readonly number[], count = DEFAULT_BIN_COUNT): Bin[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return quantileBinsOfCounts(counts, count);
}

/**
 * quantileBins over distinct values with how often each occurs (e.g. from a GROUP BY): the same bins as
 * quantileBins over the expanded list, so a scan can aggregate before binning.
 */
export function quantileBinsOfCounts(counts: ReadonlyMap<number, number>, count = DEFAULT_BIN_COUNT): Bin[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bin count must be a positive integer, got ${count}`);
  const sorted = [...counts].filter(([v, c]) => Number.isFinite(v) && c > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, c]) => sum + c, 0);
  const lowest = sorted[0]?.[0];
  const highest = sorted[sorted.length - 1]?.[0];
  if (lowest === undefined || highest === undefined) return [];
  /** The value at `position` of the expanded sorted list. */
  let index = 0;
  let before = 0;
  const at = (position: number): number | undefined => {
    for (; index < sorted.length; before += sorted[index]?.[1] ?? 0, index++) {
      const entry = sorted[index];
      if (entry !== undefined && position < before + entry[1]) return entry[0];
    }
    return undefined;
  };
  const cuts: number[] = [];
  for (let j = 1; j < count; j++) {
    // Positions grow with j, so `at` resumes where the previous cut stopped.
    const q = at(Math.floor((j * total) / count));
    if (q === undefined) continue;
    const cut = roundSignificant(q);
    // A cut at or below the minimum or above the maximum would leave an empty bin.
    if (cut > lowest && cut <= highest && cut !== cuts[cuts.length - 1]) cuts.push(cut);
  }
  return binsOfEdges(cuts);
}

/**
 * The bins between ascending finite cut points: (−∞, c₁), [c₁, c₂) … [cₖ, +∞). Fixed edges (those the
 * variable rollups store) and quantile cuts make their bins and labels here alike.
 */
export function binsOfEdges(cuts: readonly number[]): Bin[] {
  const edges = [Number.NEGATIVE_INFINITY, ...cuts, Number.POSITIVE_INFINITY];
  const bins: Bin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const min = edges[i] ?? Number.NEGATIVE_INFINITY;
    const max = edges[i + 1] ?? Number.POSITIVE_INFINITY;
    bins.push({ label: binLabel(min, max), min, max });
  }
  return bins;
}

/** The index of the bin of `value` among the bins of ascending cut points `cuts` (binsOfEdges). */
export function binIndexOf(cuts: readonly number[], value: number): number {
  let i = 0;
  while (i < cuts.length && value >= (cuts[i] as number)) i++;
  return i;
}

/** The bin holding `value` (bins as quantileBins returns them: contiguous, −∞ to +∞). */
export function binOf(bins: readonly Bin[], value: number): Bin {
  const bin = bins.find((b) => value >= b.min && value < b.max) ?? bins[bins.length - 1];
  if (bin === undefined) throw new RangeError('no bins to place a value in');
  return bin;
}
