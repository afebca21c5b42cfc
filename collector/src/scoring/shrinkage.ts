/**
 * Empirical Bayes ranking: each touchpoint's score shrunk toward the overall mean by how noisy it is
 * (Morris 1983, "Parametric Empirical Bayes Inference", JASA 78:47–55), and the 95% interval of its rank
 * from draws of the posterior (Laird & Louis 1989, "Empirical Bayes ranking methods", Journal of
 * Educational Statistics 14:29–46). A store with three promoters no longer tops the board: its score,
 * worth ±30 NPS points, moves most of the way to the chain's mean.
 *
 * Model: true scores θᵢ ~ N(μ, τ²), observed yᵢ ~ N(θᵢ, vᵢ) with vᵢ the touchpoint's own sampling
 * variance (heterogeneity.ts); τ² by DerSimonian–Laird's method of moments, μ the random-effects mean.
 * Posterior: θᵢ | y ~ N(μ + (1 − Bᵢ)(yᵢ − μ), (1 − Bᵢ)vᵢ) with Bᵢ = vᵢ/(vᵢ + τ²); the draws also draw μ
 * from N(μ̂, 1/Σ 1/(vᵢ + τ²)), so the uncertainty of the mean is shared by every touchpoint.
 */
import type { Histogram } from './histogram.js';
import { estimateOf, heterogeneity } from './heterogeneity.js';
import type { MetricName } from './metric.js';
import { normalDeviate, seededRandom } from './random.js';

/** Posterior draws behind the rank intervals. */
export const DEFAULT_RANK_DRAWS = 1000;
/** Seed of the draws, so a reply is reproducible. */
export const RANK_SEED = 20_261_203;
/** Tails of the 95% rank interval. */
const LOWER_TAIL = 0.025;
const UPPER_TAIL = 0.975;

/** One touchpoint's shrunk score and rank interval. */
export interface ShrunkScore {
  key: string;
  /** posterior mean of the true score */
  shrunk: number;
  /** 95% interval of the rank (1 = best) over the posterior draws */
  rankLow: number;
  rankHigh: number;
}

/** The shrinkage of a set of touchpoints. */
export interface Shrinkage {
  /** the mean scores shrink toward */
  mean: number;
  /** between-touchpoint variance τ² (0: every score shrinks all the way to the mean) */
  tau2: number;
  /** by key; touchpoints without answers are absent */
  scores: Map<string, ShrunkScore>;
}

/** Options of the shrinkage. */
export interface ShrinkageOptions {
  draws?: number;
  seed?: number;
}

/** The value at quantile p of sorted numbers, by order statistic (no interpolation: ranks are integers). */
function orderStatistic(sorted: Int32Array, p: number, round: (x: number) => number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, round((sorted.length - 1) * p)))] ?? 0;
}

/** Shrinks every answered touchpoint's score; null with fewer than two answered touchpoints. */
export function shrink(
  metric: MetricName,
  touchpoints: readonly { key: string; histogram: Histogram }[],
  options: ShrinkageOptions = {},
): Shrinkage | null {
  const estimates = touchpoints.flatMap((t) => estimateOf(metric, t.key, t.histogram) ?? []);
  const het = heterogeneity(estimates);
  if (het === null) return null;
  const { tau2, mean } = het;
  const meanVariance = 1 / estimates.reduce((s, e) => s + 1 / (e.variance + tau2), 0);
  const post = estimates.map((e) => {
    const keep = tau2 / (tau2 + e.variance); // 1 − Bᵢ
    return { key: e.key, keep, offset: e.score, sd: Math.sqrt(keep * e.variance) };
  });
  const k = post.length;
  const draws = options.draws ?? DEFAULT_RANK_DRAWS;
  const random = seededRandom(options.seed ?? RANK_SEED);
  // Ranks of touchpoint i in draw d at [i·draws + d].
  const best = new Int32Array(k * draws);
  const worst = new Int32Array(k * draws);
  const theta = new Float64Array(k);
  const order = Array.from({ length: k }, (_, i) => i);
  for (let d = 0; d < draws; d++) {
    const mu = mean + Math.sqrt(meanVariance) * normalDeviate(random);
    post.forEach((p, i) => {
      theta[i] = mu + p.keep * (p.offset - mu) + p.sd * normalDeviate(random);
    });
    // Rank 1 is the best; a tie spans ranks from 1 + (strictly better) to k − (strictly worse).
    order.sort((a, b) => (theta[b] ?? 0) - (theta[a] ?? 0));
    for (let start = 0; start < k;) {
      let end = start;
      while (end + 1 < k && theta[order[end + 1] ?? 0] === theta[order[start] ?? 0]) end++;
      for (let r = start; r <= end; r++) {
        const i = order[r] ?? 0;
        best[i * draws + d] = start + 1;
        worst[i * draws + d] = end + 1;
      }
      start = end + 1;
    }
  }
  const scores = new Map<string, ShrunkScore>();
  post.forEach((p, i) => {
    const lo = best.subarray(i * draws, (i + 1) * draws).sort();
    const hi = worst.subarray(i * draws, (i + 1) * draws).sort();
    scores.set(p.key, {
      key: p.key,
      shrunk: mean + p.keep * (p.offset - mean),
      rankLow: draws > 0 ? orderStatistic(lo, LOWER_TAIL, Math.floor) : 1,
      rankHigh: draws > 0 ? orderStatistic(hi, UPPER_TAIL, Math.ceil) : k,
    });
  });
  return { mean, tau2, scores };
}
