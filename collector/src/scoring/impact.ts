/**
 * Impact rating: how strongly the experience at each touchpoint goes with overall loyalty.
 *
 * Method: take respondents who rated a touchpoint (on any scale, e.g. CSAT) and also answered the overall
 * likelihood-to-recommend question (0–10). Split them into those with a positive experience at the
 * touchpoint (rating ≥ POSITIVE_MIN: satisfied, agree, happy face, thumbs up) and the rest, and compare
 * their NPS:  impact = NPS(positive) − NPS(not positive), in NPS points (−200..200).
 *
 * We chose this over a correlation because it reads in the analyst's own unit ("customers happy with
 * checkout recommend us 45 points more") and does not assume the rating scale is interval. The 95%
 * interval combines the two groups' adjusted-Wald standard errors (independent samples, as Agresti–Caffo
 * do for a difference of proportions): centre = difference of adjusted centres, SE = √(SE₁² + SE₂²).
 * Pearson's r between rating and likelihood is reported beside it. `potentialGain` is the rise in these
 * respondents' NPS if the not-positive ones had the positive ones' NPS: share(not positive) × impact — an
 * upper bound that holds only if the relation were causal. All of this is association, not proof.
 */
import { CONFIDENCE_LEVEL, clamp } from './intervals.js';
import { assertAnswer, POSITIVE_MIN, type MetricName } from './metric.js';
import { zCritical } from './normal.js';
import { nps, npsAdjustedWald, NPS_MAX, type NpsResult } from './nps.js';
import { DEFAULT_MIN_N } from './leaderboard.js';

/** One respondent's touchpoint rating and overall 0–10 likelihood to recommend. */
export interface ImpactInput {
  touchpoint: string;
  rating: number;
  loyalty: number;
}

/** The impact rating of one touchpoint. */
export interface ImpactRating {
  key: string;
  /** respondents with both a rating and a likelihood */
  n: number;
  /** NPS of those with a positive experience at the touchpoint */
  positive: NpsResult;
  /** NPS of the others */
  notPositive: NpsResult;
  /** NPS(positive) − NPS(not positive); null when either group is empty */
  impact: number | null;
  low: number | null;
  high: number | null;
  /** Pearson r of rating and likelihood; null for n < 3 or no variation */
  correlation: number | null;
  /** NPS points these respondents would gain if the not-positive ones scored like the positive ones */
  potentialGain: number | null;
  /** either group is smaller than minN: shown after the others */
  lowSample: boolean;
}

/** Options of the impact rating. */
export interface ImpactOptions {
  /** minimum n of each group (positive, not positive) to be ranked (default DEFAULT_MIN_N) */
  minN?: number;
}

/** Fewest pairs for which a correlation is reported (two points always lie on a line). */
const MIN_CORRELATION_N = 3;

/** Pearson's correlation of paired values; null when undefined. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < MIN_CORRELATION_N) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] ?? 0;
    my += ys[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return clamp(sxy / Math.sqrt(sxx * syy), -1, 1);
}

/**
 * `count` respondents of a touchpoint who gave rating `rating` and likelihood `loyalty`: the joint
 * distribution impact needs (kept as the impact rollup, or tallied from respondent rows).
 */
export interface ImpactCount {
  touchpoint: string;
  rating: number;
  loyalty: number;
  count: number;
}

/** Pearson's correlation of a joint distribution given as (x, y, count) cells; null when undefined. */
export function pearsonOfCounts(cells: readonly { x: number; y: number; count: number }[]): number | null {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (const c of cells) {
    n += c.count;
    mx += c.x * c.count;
    my += c.y * c.count;
  }
  if (n < MIN_CORRELATION_N) return null;
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const c of cells) {
    const dx = c.x - mx;
    const dy = c.y - my;
    sxy += c.count * dx * dy;
    sxx += c.count * dx * dx;
    syy += c.count * dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return clamp(sxy / Math.sqrt(sxx * syy), -1, 1);
}

/** Impact of one touchpoint's respondents, from their (rating, likelihood) counts in canonical order. */
function rate(key: string, cells: readonly ImpactCount[], ratingMetric: MetricName, minN: number): ImpactRating {
  const threshold = POSITIVE_MIN[ratingMetric];
  const good = new Map<number, number>();
  const other = new Map<number, number>();
  let n = 0;
  for (const c of cells) {
    const h = c.rating >= threshold ? good : other;
    h.set(c.loyalty, (h.get(c.loyalty) ?? 0) + c.count);
    n += c.count;
  }
  const positive = nps(good);
  const notPositive = nps(other);
  const a = npsAdjustedWald(positive.promoters, positive.detractors, positive.n);
  const b = npsAdjustedWald(notPositive.promoters, notPositive.detractors, notPositive.n);
  const impact = positive.score === null || notPositive.score === null ? null : positive.score - notPositive.score;
  let low: number | null = null;
  let high: number | null = null;
  if (a !== null && b !== null) {
    const half = zCritical(CONFIDENCE_LEVEL) * Math.sqrt(a.se ** 2 + b.se ** 2);
    low = clamp(a.centre - b.centre - half, -2 * NPS_MAX, 2 * NPS_MAX);
    high = clamp(a.centre - b.centre + half, -2 * NPS_MAX, 2 * NPS_MAX);
  }
  return {
    key,
    n,
    positive,
    notPositive,
    impact,
    low,
    high,
    correlation: pearsonOfCounts(cells.map((c) => ({ x: c.rating, y: c.loyalty, count: c.count }))),
    potentialGain: impact === null ? null : (notPositive.n / n) * impact,
    lowSample: positive.n < minN || notPositive.n < minN || impact === null,
  };
}

/**
 * Impact ratings per touchpoint from the joint (rating, likelihood) counts, strongest first; low-sample
 * touchpoints after the others. Cells are summed and put in a canonical order first, so equal counts
 * give equal results however they were gathered (the impact rollup or a scan).
 */
export function impactRatingsOfCounts(
  counts: readonly ImpactCount[],
  ratingMetric: MetricName,
  options: ImpactOptions = {},
): ImpactRating[] {
  const minN = options.minN ?? DEFAULT_MIN_N;
  const byTouchpoint = new Map<string, Map<string, ImpactCount>>();
  for (const c of counts) {
    if (c.count === 0) continue;
    assertAnswer(ratingMetric, c.rating);
    assertAnswer('nps', c.loyalty);
    const cells = byTouchpoint.get(c.touchpoint) ?? new Map<string, ImpactCount>();
    const id = `${c.rating}\u0000${c.loyalty}`;
    const cell = cells.get(id);
    if (cell) cell.count += c.count;
    else cells.set(id, { ...c });
    byTouchpoint.set(c.touchpoint, cells);
  }
  const order = (x: ImpactRating, y: ImpactRating): number =>
    Number(x.lowSample) - Number(y.lowSample) ||
    (y.impact ?? Number.NEGATIVE_INFINITY) - (x.impact ?? Number.NEGATIVE_INFINITY) ||
    (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  return [...byTouchpoint]
    .map(([key, cells]) => {
      const sorted = [...cells.values()].sort((a, b) => a.rating - b.rating || a.loyalty - b.loyalty);
      return rate(key, sorted, ratingMetric, minN);
    })
    .sort(order);
}

/** Impact ratings per touchpoint of respondent pairs (each one count of the joint distribution). */
export function impactRatings(
  rows: readonly ImpactInput[],
  ratingMetric: MetricName,
  options: ImpactOptions = {},
): ImpactRating[] {
  return impactRatingsOfCounts(
    rows.map((r) => ({ ...r, count: 1 })),
    ratingMetric,
    options,
  );
}
