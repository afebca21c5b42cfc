/**
 * Net Promoter Score with its adjusted-Wald interval.
 *
 * NPS = 100·(P − D)/n over those who answered the NPS question only (skipping is not a detractor).
 * The interval follows Rocks (2016), "Interval Estimation for the 'Net Promoter Score'", The American
 * Statistician 70(4):365–372: add 3/4 to promoters and to detractors and 3 to n, then
 * SE = √((p̂P + p̂D − (p̂P − p̂D)²)/n'), the SE of a difference of two proportions from one multinomial;
 * the interval (p̂P − p̂D) ± z·SE, ×100, clipped to −100..100. Its coverage stays near 95% down to small n,
 * where the plain Wald interval is far too narrow.
 */
import { SCALES } from '@touchpoint/shared';
import { assertOnScale, countBetween, histogramTotal, type Histogram } from './histogram.js';
import { clamp, CONFIDENCE_LEVEL, type Interval } from './intervals.js';
import { zCritical } from './normal.js';
import type { ScoreSummary } from './summary.js';

/** Lowest promoter answer (9–10 promote). */
export const PROMOTER_MIN = 9;
/** Lowest passive answer (7–8 are passive; 0–6 detract). */
export const PASSIVE_MIN = 7;
/** NPS is reported on −100..100. */
export const NPS_MAX = 100;
/** Rocks (2016): pseudo-count added to promoters and to detractors. */
const ADJUSTED_WALD_ADD_EACH = 3 / 4;
/** Rocks (2016): pseudo-count added to n (3/4 + 3/4 + the implied 3/2 passives). */
const ADJUSTED_WALD_ADD_N = 3;

/** NPS of a histogram of 0–10 answers, with the band counts. */
export interface NpsResult extends ScoreSummary {
  promoters: number;
  passives: number;
  detractors: number;
}

/** The adjusted-Wald centre and standard error of NPS, in NPS points (Rocks 2016). */
export interface AdjustedWald {
  /** 100·(p̂P − p̂D) from the adjusted proportions; not the raw NPS */
  centre: number;
  se: number;
}

/** Adjusted-Wald centre and SE of NPS from band counts; null when n = 0. */
export function npsAdjustedWald(promoters: number, detractors: number, n: number): AdjustedWald | null {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  const valid = (c: number): boolean => Number.isSafeInteger(c) && c >= 0;
  if (!valid(promoters) || !valid(detractors) || promoters + detractors > n) {
    throw new RangeError(`promoters (${promoters}) and detractors (${detractors}) must be counts within n = ${n}`);
  }
  if (n === 0) return null;
  const nAdj = n + ADJUSTED_WALD_ADD_N;
  const pP = (promoters + ADJUSTED_WALD_ADD_EACH) / nAdj;
  const pD = (detractors + ADJUSTED_WALD_ADD_EACH) / nAdj;
  const diff = pP - pD;
  return { centre: NPS_MAX * diff, se: NPS_MAX * Math.sqrt((pP + pD - diff * diff) / nAdj) };
}

/** The adjusted-Wald 95% interval for NPS, clipped to −100..100; null when n = 0. */
export function npsInterval(
  promoters: number,
  detractors: number,
  n: number,
  level = CONFIDENCE_LEVEL,
): Interval | null {
  const wald = npsAdjustedWald(promoters, detractors, n);
  if (wald === null) return null;
  const half = zCritical(level) * wald.se;
  return {
    low: clamp(wald.centre - half, -NPS_MAX, NPS_MAX),
    high: clamp(wald.centre + half, -NPS_MAX, NPS_MAX),
  };
}

/** NPS, band counts and adjusted-Wald interval of a histogram of 0–10 answers. */
export function nps(h: Histogram): NpsResult {
  const { min, max } = SCALES.nps;
  assertOnScale(h, min, max, 'NPS');
  const n = histogramTotal(h);
  const promoters = countBetween(h, PROMOTER_MIN, max);
  const passives = countBetween(h, PASSIVE_MIN, PROMOTER_MIN - 1);
  const detractors = countBetween(h, min, PASSIVE_MIN - 1);
  const interval = npsInterval(promoters, detractors, n);
  const score = n === 0 ? null : (NPS_MAX * (promoters - detractors)) / n;
  // The adjusted-Wald interval is centred on the adjusted estimate, so at small n it can miss the observed
  // NPS (n = 1, one promoter: [−48.5, 98.5]); widened to hold it, an interval never excludes its own score.
  return {
    n,
    score,
    low: interval === null || score === null ? null : Math.min(interval.low, score),
    high: interval === null || score === null ? null : Math.max(interval.high, score),
    promoters,
    passives,
    detractors,
  };
}
