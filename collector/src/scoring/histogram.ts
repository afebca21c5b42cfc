/**
 * Histograms of integer answers: the shape in which rollups hand scores to the metrics.
 *
 * A histogram maps an answer value (an integer on the question's scale) to how many respondents gave
 * it. Values nobody gave may be absent. We use a `ReadonlyMap<number, number>` rather than a record
 * so that keys stay numbers (a record would turn them into strings) and iteration order is irrelevant.
 */

/** Answer value → number of respondents who gave it; absent values count 0. */
export type Histogram = ReadonlyMap<number, number>;

/** A histogram nobody answered. */
export const EMPTY_HISTOGRAM: Histogram = new Map();

/** Throws unless `count` is a usable respondent count (a non-negative safe integer). */
function checkCount(value: number, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count for value ${value} must be a non-negative integer, got ${count}`);
  }
}

/** Throws unless `value` is a finite integer answer. */
function checkValue(value: number): void {
  if (!Number.isInteger(value)) {
    throw new RangeError(`answer values must be integers, got ${value}`);
  }
}

/** Builds a histogram from (value, count) pairs, e.g. rollup rows; repeated values are added up. */
export function histogramFromEntries(entries: Iterable<readonly [number, number]>): Histogram {
  const out = new Map<number, number>();
  for (const [value, count] of entries) {
    checkValue(value);
    checkCount(value, count);
    if (count > 0) out.set(value, (out.get(value) ?? 0) + count);
  }
  return out;
}

/** Builds a histogram from individual answers. */
export function histogramOf(answers: Iterable<number>): Histogram {
  const out = new Map<number, number>();
  for (const value of answers) {
    checkValue(value);
    out.set(value, (out.get(value) ?? 0) + 1);
  }
  return out;
}

/** Adds histograms together (across days, channels or touchpoints). */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const out = new Map<number, number>();
  for (const h of histograms) {
    for (const [value, count] of h) {
      checkValue(value);
      checkCount(value, count);
      if (count > 0) out.set(value, (out.get(value) ?? 0) + count);
    }
  }
  return out;
}

/** Number of respondents in a histogram. */
export function histogramTotal(h: Histogram): number {
  let n = 0;
  for (const count of h.values()) n += count;
  return n;
}

/** Number of respondents whose answer lies in [min, max]. */
export function countBetween(h: Histogram, min: number, max: number): number {
  let n = 0;
  for (const [value, count] of h) if (value >= min && value <= max) n += count;
  return n;
}

/** Throws a RangeError naming the metric when a histogram holds a value outside [min, max] or a bad count. */
export function assertOnScale(h: Histogram, min: number, max: number, metric: string): void {
  for (const [value, count] of h) {
    checkValue(value);
    checkCount(value, count);
    if (count > 0 && (value < min || value > max)) {
      throw new RangeError(`${metric} answers must lie in ${min}–${max}, got ${value}`);
    }
  }
}

/** n, mean and sum of squared deviations of `map(value)` over a histogram (mean and ss are NaN when n = 0). */
export interface Moments {
  n: number;
  mean: number;
  /** Σ count·(x − mean)², the within-sample sum of squares */
  ss: number;
}

/** Moments of the (optionally transformed) answers; two passes, so no catastrophic cancellation. */
export function histogramMoments(h: Histogram, map: (value: number) => number = (v) => v): Moments {
  let n = 0;
  let sum = 0;
  for (const [value, count] of h) {
    n += count;
    sum += count * map(value);
  }
  if (n === 0) return { n, mean: Number.NaN, ss: Number.NaN };
  const mean = sum / n;
  let ss = 0;
  for (const [value, count] of h) ss += count * (map(value) - mean) ** 2;
  return { n, mean, ss };
}
