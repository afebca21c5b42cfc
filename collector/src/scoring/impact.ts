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
import { histogramOf } from './histogram.js';
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

/** Impact of one touchpoint's respondents. */
function rate(key: string, rows: readonly ImpactInput[], ratingMetric: MetricName, minN: number): ImpactRating {
  const threshold = POSITIVE_MIN[ratingMetric];
  const positive = nps(histogramOf(rows.filter((r) => r.rating >= threshold).map((r) => r.loyalty)));
  const notPositive = nps(histogramOf(rows.filter((r) => r.rating < threshold).map((r) => r.loyalty)));
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
    n: rows.length,
    positive,
    notPositive,
    impact,
    low,
    high,
    correlation: pearson(
      rows.map((r) => r.rating),
      rows.map((r) => r.loyalty),
    ),
    potentialGain: impact === null ? null : (notPositive.n / rows.length) * impact,
    lowSample: positive.n < minN || notPositive.n < minN || impact === null,
  };
}

/** Impact ratings per touchpoint, strongest first; low-sample touchpoints after the others. */
export function impactRatings(
  rows: readonly ImpactInput[],
  ratingMetric: MetricName,
  options: ImpactOptions = {},
): ImpactRating[] {
  const minN = options.minN ?? DEFAULT_MIN_N;
  const byTouchpoint = new Map<string, ImpactInput[]>();
  for (const r of rows) {
    assertAnswer(ratingMetric, r.rating);
    assertAnswer('nps', r.loyalty);
    const list = byTouchpoint.get(r.touchpoint) ?? [];
    list.push(r);
    byTouchpoint.set(r.touchpoint, list);
  }
  const order = (x: ImpactRating, y: ImpactRating): number =>
    Number(x.lowSample) - Number(y.lowSample) ||
    (y.impact ?? Number.NEGATIVE_INFINITY) - (x.impact ?? Number.NEGATIVE_INFINITY) ||
    (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  return [...byTouchpoint].map(([key, list]) => rate(key, list, ratingMetric, minN)).sort(order);
}
