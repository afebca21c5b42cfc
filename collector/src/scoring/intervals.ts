/**
 * Confidence intervals shared by the metrics: Wilson's score interval for a proportion and the t
 * interval for a mean. Both return null when the data cannot support an interval at all.
 */
import { zCritical } from './normal.js';
import { tCritical } from './student-t.js';

/** Every score Touchpoint shows carries a 95% interval. */
export const CONFIDENCE_LEVEL = 0.95;

/** A closed interval [low, high]. */
export interface Interval {
  low: number;
  high: number;
}

/** Limits x to [min, max]. */
export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/** Throws unless k successes out of n trials are valid counts. */
function checkCounts(successes: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in 0..${n}, got ${successes}`);
  }
}

/**
 * Wilson score interval for a proportion (Wilson 1927), as a fraction in [0, 1]; null when n = 0.
 * Unlike the Wald interval it never collapses to a point at p̂ = 0 or 1 and keeps close to nominal
 * coverage for small n (Brown, Cai & DasGupta 2001, Statistical Science 16:101–133).
 */
export function wilsonInterval(successes: number, n: number, level = CONFIDENCE_LEVEL): Interval | null {
  checkCounts(successes, n);
  if (n === 0) return null;
  const z = zCritical(level);
  const z2 = z * z;
  const p = successes / n;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At p̂ = 0 (or 1) the lower (upper) end is exactly 0 (1) in theory; set it so rather than keep
  // rounding dust like 2.8e-17, which would print as "0.000…" and fail equality checks.
  return {
    low: successes === 0 ? 0 : clamp(centre - half, 0, 1),
    high: successes === n ? 1 : clamp(centre + half, 0, 1),
  };
}

/**
 * Student t interval for a mean from n observations with sum of squared deviations `ss`.
 * Null when n < 2: one observation says nothing about spread, and we would rather show no interval
 * than a made-up one. With zero spread (everyone gave the same answer) the interval is that point, as
 * the t interval defines it; callers flag small n separately (`lowSample`).
 */
export function tMeanInterval(mean: number, ss: number, n: number, level = CONFIDENCE_LEVEL): Interval | null {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (n < 2) return null;
  if (!(ss >= 0)) throw new RangeError(`sum of squares must be non-negative, got ${ss}`);
  const sd = Math.sqrt(ss / (n - 1));
  const half = tCritical(level, n - 1) * (sd / Math.sqrt(n));
  return { low: mean - half, high: mean + half };
}

/**
 * Interval for the mean of answers on a bounded scale min..max (CES 1–7, the smiley index 0–100): the
 * Agresti–Coull "add z²/2 at each end" adjustment (Agresti & Coull 1998, The American Statistician
 * 52:119–126) generalised from a proportion to a bounded mean. The answers, rescaled to 0..1, get z²/2
 * pseudo-answers at 0 and at 1; the interval is the augmented mean ± z·SE of the augmented sample, clipped
 * to the scale and widened to hold the observed mean. On 0/1 answers it is exactly Agresti–Coull. It never
 * collapses to a point when every answer is equal, exists from n = 1, and its coverage stays at or above
 * nominal at small n (simulated in test/scoring/coverage.test.ts). Null when n = 0.
 */
export function boundedMeanInterval(
  mean: number,
  ss: number,
  n: number,
  min: number,
  max: number,
  level = CONFIDENCE_LEVEL,
): Interval | null {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (n === 0) return null;
  if (!(ss >= 0)) throw new RangeError(`sum of squares must be non-negative, got ${ss}`);
  const range = max - min;
  const z = zCritical(level);
  const k = (z * z) / 2;
  const y = (mean - min) / range;
  const nAdj = n + 2 * k;
  const centre = (n * y + k) / nAdj;
  // Squared deviations of the augmented sample from its own mean: the answers, then the pseudo-answers.
  const ssAdj = ss / (range * range) + n * (y - centre) ** 2 + k * centre ** 2 + k * (1 - centre) ** 2;
  const half = z * Math.sqrt(ssAdj / nAdj / nAdj);
  const low = Math.min(clamp(centre - half, 0, 1), y);
  const high = Math.max(clamp(centre + half, 0, 1), y);
  return { low: min + range * low, high: min + range * high };
}
