/**
 * The chi-square upper tail, for Cochran's Q: P(χ²_df ≥ x) = Q(df/2, x/2), the regularized upper
 * incomplete gamma function, by its series for x < a + 1 and its continued fraction (modified Lentz)
 * otherwise (Press et al., Numerical Recipes, 3rd ed., §6.2).
 */
import { lnGamma } from './special-functions.js';

/** Relative precision at which the series and the continued fraction stop. */
const EPSILON = 1e-15;
/** Cap on terms; both converge in O(√a) terms for our arguments. */
const MAX_TERMS = 10_000;
/** Stand-in for a zero denominator in Lentz's method. */
const TINY = 1e-300;

/** P(a, x), the regularized lower incomplete gamma, by its series (good for x < a + 1). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Q(a, x), the regularized upper incomplete gamma, by its continued fraction (good for x ≥ a + 1). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** P(χ² ≥ x) with `df` degrees of freedom (df > 0, x ≥ 0). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (!(x >= 0)) throw new RangeError(`chi-square must be non-negative, got ${x}`);
  if (x === 0) return 1;
  const a = df / 2;
  const half = x / 2;
  return half < a + 1 ? 1 - lowerSeries(a, half) : upperFraction(a, half);
}
