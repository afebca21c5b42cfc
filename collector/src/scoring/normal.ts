/**
 * The standard normal quantile, by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37:477–484,
 * 1988), accurate to about 1e-16; the same algorithm R's `qnorm` uses.
 */

// The coefficients are quoted digit for digit from the paper so they can be checked against it; the
// digits beyond double precision are harmless.
/* eslint-disable no-loss-of-precision */

/** Below this |p − ½| the central rational approximation applies (AS 241's split point). */
const CENTRAL_SPLIT = 0.425;
/** r = CENTRAL_R0 − q² in the central region (0.425²). */
const CENTRAL_R0 = 0.180625;
/** Where the tail approximation switches to its far-tail coefficients (r = √−ln p). */
const FAR_TAIL_SPLIT = 5;
/** Offset of the near-tail expansion variable (AS 241). */
const NEAR_TAIL_OFFSET = 1.6;

const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852545925,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** Evaluates the polynomial with coefficients `c` (lowest degree first) at x, by Horner's rule. */
function poly(c: readonly number[], x: number): number {
  let y = 0;
  for (let i = c.length - 1; i >= 0; i--) y = y * x + (c[i] ?? 0);
  return y;
}

/** The p-quantile of the standard normal distribution (−∞ at 0, +∞ at 1). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must lie in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= CENTRAL_SPLIT) {
    const r = CENTRAL_R0 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= FAR_TAIL_SPLIT) {
    r -= NEAR_TAIL_OFFSET;
    value = poly(C, r) / poly(D, r);
  } else {
    r -= FAR_TAIL_SPLIT;
    value = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -value : value;
}

/** The two-sided critical value z for a confidence level, e.g. 1.959964 for 0.95. */
export function zCritical(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must lie in (0, 1), got ${level}`);
  return normalQuantile(1 - (1 - level) / 2);
}
