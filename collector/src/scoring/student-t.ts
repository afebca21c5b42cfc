/**
 * Student's t distribution: tail probability through the regularized incomplete beta, and the quantile
 * by safeguarded Newton iteration on that tail (closed forms for ν = 1, 2; the Cornish–Fisher expansion,
 * Abramowitz & Stegun 26.7.5, for large ν, where it is exact to double precision).
 */
import { normalQuantile } from './normal.js';
import { lnGamma, regularizedIncompleteBeta } from './special-functions.js';

/** From this many degrees of freedom on, the four-term Cornish–Fisher expansion is accurate to ~1e-14. */
const LARGE_DF = 1000;
/** Newton stops when a step changes t by less than this, relative. */
const QUANTILE_TOLERANCE = 1e-13;
/** Cap on Newton/bisection steps (it converges in under ten in practice). */
const QUANTILE_MAX_STEPS = 200;

/** Checks the degrees of freedom (any positive real, or Infinity for the normal limit). */
function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}

/** P(T > t) for t ≥ 0, computed without cancellation in the far tail. */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** The density of the t distribution with `df` degrees of freedom at t. */
export function studentTDensity(t: number, df: number): number {
  checkDf(df);
  const lnC = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lnC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/** The Cornish–Fisher expansion of the t quantile around the normal quantile z (A&S 26.7.5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The t > 0 with P(T > t) = q (0 < q < ½), by Newton steps kept inside a shrinking bracket. */
function upperQuantile(q: number, df: number): number {
  let lo = 0;
  let hi = Math.max(1, cornishFisher(normalQuantile(1 - q), df));
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
  }
  let t = (lo + hi) / 2;
  for (let step = 0; step < QUANTILE_MAX_STEPS; step++) {
    const excess = upperTail(t, df) - q; // > 0 means t is too small
    if (excess > 0) lo = t;
    else hi = t;
    let next = t + excess / studentTDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= QUANTILE_TOLERANCE * Math.max(1, t)) return next;
    t = next;
  }
  return t;
}

/** The p-quantile of Student's t with `df` degrees of freedom (df = Infinity gives the normal). */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must lie in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5)); // Cauchy
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (df >= LARGE_DF) return cornishFisher(normalQuantile(p), df);
  return upperQuantile(1 - p, df);
}

/** The two-sided critical value t for a confidence level and df, e.g. 2.228 for 0.95 and df = 10. */
export function tCritical(level: number, df: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must lie in (0, 1), got ${level}`);
  return studentTQuantile(1 - (1 - level) / 2, df);
}
