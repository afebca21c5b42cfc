/**
 * A small seeded random generator and the draws the resampling analyses need (bootstrap of a histogram,
 * normal deviates), so that a reply computed twice from the same data is the same reply.
 */
import type { Histogram } from './histogram.js';

/** mulberry32's additive constant (Tommy Ettinger's public-domain generator). */
const MULBERRY_INCREMENT = 0x6d2b79f5;
/** 2³², to map a 32-bit integer to [0, 1). */
const TWO_POW_32 = 4_294_967_296;
/** Below this many trials a binomial is drawn as that many Bernoulli trials (exact). */
const DIRECT_BINOMIAL_MAX_N = 64;
/** With variance n·p·(1−p) at least this, a binomial is drawn from its normal approximation. */
const NORMAL_BINOMIAL_MIN_VARIANCE = 25;

/** A function returning uniform numbers in [0, 1). */
export type Random = () => number;

/** A seeded uniform generator (mulberry32, 32-bit state): the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + MULBERRY_INCREMENT) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/** A standard normal deviate (Box–Muller; one of the pair is discarded for simplicity). */
export function normalDeviate(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(0) is never taken
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A draw from Binomial(n, p): exact (Bernoulli trials, or inversion of the CDF when n·p·(1−p) is small)
 * except for large variances, where the rounded normal approximation is used; for a bootstrap of a score
 * the difference is far below the resampling error.
 */
export function binomial(random: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= DIRECT_BINOMIAL_MAX_N) {
    let x = 0;
    for (let i = 0; i < n; i++) if (random() < p) x++;
    return x;
  }
  // Draw the rarer outcome so that the inversion walks few steps.
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const variance = n * q * (1 - q);
  let x: number;
  if (variance >= NORMAL_BINOMIAL_MIN_VARIANCE) {
    x = Math.min(n, Math.max(0, Math.round(n * q + Math.sqrt(variance) * normalDeviate(random))));
  } else {
    // Inversion: walk up the CDF from 0 using P(k+1)/P(k) = (n−k)/(k+1) · q/(1−q).
    const u = random();
    let prob = Math.exp(n * Math.log1p(-q));
    let cdf = prob;
    x = 0;
    while (cdf <= u && x < n) {
      prob *= ((n - x) / (x + 1)) * (q / (1 - q));
      x++;
      cdf += prob;
    }
  }
  return flip ? n - x : x;
}

/**
 * A bootstrap resample of counts: their total drawn again with replacement, as a multinomial drawn by
 * conditional binomials (one draw per category, not per respondent, so the cost does not grow with n).
 */
export function resampleCounts(random: Random, counts: readonly number[]): number[] {
  let left = counts.reduce((s, c) => s + c, 0);
  let mass = left;
  return counts.map((count) => {
    if (left === 0 || count === 0) return 0;
    const drawn = mass <= count ? left : binomial(random, left, count / mass);
    left -= drawn;
    mass -= count;
    return drawn;
  });
}

/** A bootstrap resample of a histogram: n answers drawn with replacement from its n answers. */
export function resampleHistogram(random: Random, h: Histogram): Histogram {
  const entries = [...h].filter(([, count]) => count > 0);
  const drawn = resampleCounts(
    random,
    entries.map(([, count]) => count),
  );
  return new Map(entries.flatMap(([value], i) => ((drawn[i] ?? 0) > 0 ? [[value, drawn[i] ?? 0] as const] : [])));
}
