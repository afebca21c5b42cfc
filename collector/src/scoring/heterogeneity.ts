/**
 * How much touchpoints truly differ: each touchpoint's score with its sampling variance, Cochran's Q test
 * of "every touchpoint has the same true score", the between-touchpoint variance τ² by DerSimonian &
 * Laird's method of moments (1986, Controlled Clinical Trials 7:177–188) and I², the share of the spread
 * of scores that is real rather than sampling noise, with its interval (Higgins & Thompson 2002,
 * Statistics in Medicine 21:1539–1558). The quintile reading and the shrinkage ranking rest on these.
 */
import { SCALES } from '@touchpoint/shared';
import { chiSquareUpperTail } from './chi-square.js';
import { countBetween, histogramMoments, histogramTotal, type Histogram } from './histogram.js';
import { CONFIDENCE_LEVEL } from './intervals.js';
import { respondentScore, SCORE_RANGE, type MetricName } from './metric.js';
import { zCritical } from './normal.js';
import { npsAdjustedWald, PASSIVE_MIN, PROMOTER_MIN } from './nps.js';

/** Pseudo-answers added at each end of the scale for the variance (z²/2, as the bounded-mean interval). */
const PSEUDO_EACH_END = zCritical(CONFIDENCE_LEVEL) ** 2 / 2;

/** A touchpoint's score and the variance of that score from sampling alone. */
export interface Estimate {
  key: string;
  n: number;
  /** the metric's score (mean of the respondent scores) */
  score: number;
  /** sampling variance of `score`, never 0 */
  variance: number;
}

/**
 * The score of a histogram and its sampling variance, from the same adjusted sample as its interval, so
 * that a touchpoint where everyone answered alike still has a variance: NPS by Rocks' adjusted Wald
 * (3/4 promoter, 3/4 detractor, 3/2 passive added); the other metrics with z²/2 pseudo-answers at each
 * end of the score's range (Agresti–Coull for CSAT and thumbs, the bounded mean for CES and smiley).
 * Null when nobody answered.
 */
export function estimateOf(metric: MetricName, key: string, h: Histogram): Estimate | null {
  const n = histogramTotal(h);
  if (n === 0) return null;
  const moments = histogramMoments(h, (v) => respondentScore(metric, v));
  if (metric === 'nps') {
    const wald = npsAdjustedWald(
      countBetween(h, PROMOTER_MIN, SCALES.nps.max),
      countBetween(h, SCALES.nps.min, PASSIVE_MIN - 1),
      n,
    );
    return { key, n, score: moments.mean, variance: (wald?.se ?? 0) ** 2 };
  }
  const { min, max } = SCORE_RANGE[metric];
  const k = PSEUDO_EACH_END;
  const nAdj = n + 2 * k;
  const centre = (n * moments.mean + k * (min + max)) / nAdj;
  const ssAdj = moments.ss + n * (moments.mean - centre) ** 2 + k * (min - centre) ** 2 + k * (max - centre) ** 2;
  return { key, n, score: moments.mean, variance: ssAdj / nAdj / nAdj };
}

/**
 * Each touchpoint's score with the variance it has if every touchpoint shares one distribution: the
 * pooled within-touchpoint variance of respondent scores over its n (one-way ANOVA's error term). Under
 * that null hypothesis Q is then (k − 1)·F and keeps its level; with each touchpoint's own variance,
 * which moves with its score (for NPS and proportions), the test read twenty alike touchpoints of
 * n = 100 as different 13% of the time at the 5% level (test/scoring/quintiles.test.ts).
 */
export function pooledEstimates(
  metric: MetricName,
  touchpoints: readonly { key: string; histogram: Histogram }[],
): Estimate[] {
  const parts = touchpoints.flatMap((t) => {
    const m = histogramMoments(t.histogram, (v) => respondentScore(metric, v));
    return m.n > 0 ? [{ key: t.key, ...m }] : [];
  });
  const total = parts.reduce((s, p) => s + p.n, 0);
  const within = parts.reduce((s, p) => s + p.ss, 0);
  let sigma2 = total > parts.length ? within / (total - parts.length) : 0;
  if (sigma2 === 0) {
    // Everyone answered alike within each touchpoint: fall back on the adjusted variance of everyone.
    const all = new Map<number, number>();
    for (const t of touchpoints) for (const [v, c] of t.histogram) all.set(v, (all.get(v) ?? 0) + c);
    sigma2 = (estimateOf(metric, 'all', all)?.variance ?? 1) * Math.max(total, 1);
  }
  return parts.map((p) => ({ key: p.key, n: p.n, score: p.mean, variance: sigma2 / p.n }));
}

/** Cochran's Q, its p-value, τ² and I² with its interval, across k ≥ 2 estimates. */
export interface Heterogeneity {
  /** touchpoints compared */
  k: number;
  /** Cochran's Q = Σ wᵢ(yᵢ − ȳ)², wᵢ = 1/vᵢ */
  q: number;
  /** P(χ²ₖ₋₁ ≥ Q): small when touchpoints truly differ */
  p: number;
  /** DerSimonian–Laird between-touchpoint variance, in squared score units */
  tau2: number;
  /** max(0, (Q − df)/Q), in percent */
  i2: number;
  /** 95% interval of I² (Higgins & Thompson's test-based interval), in percent */
  i2Low: number;
  i2High: number;
  /** the random-effects mean, Σ yᵢ/(vᵢ + τ²) / Σ 1/(vᵢ + τ²) */
  mean: number;
}

/** Heterogeneity of the estimates; null with fewer than two. */
export function heterogeneity(estimates: readonly Estimate[], level = CONFIDENCE_LEVEL): Heterogeneity | null {
  const k = estimates.length;
  if (k < 2) return null;
  const w = estimates.map((e) => 1 / e.variance);
  const sw = w.reduce((s, x) => s + x, 0);
  const sw2 = w.reduce((s, x) => s + x * x, 0);
  const fixed = estimates.reduce((s, e, i) => s + (w[i] ?? 0) * e.score, 0) / sw;
  const q = estimates.reduce((s, e, i) => s + (w[i] ?? 0) * (e.score - fixed) ** 2, 0);
  const df = k - 1;
  const tau2 = Math.max(0, (q - df) / (sw - sw2 / sw));
  const wr = estimates.map((e) => 1 / (e.variance + tau2));
  const mean = estimates.reduce((s, e, i) => s + (wr[i] ?? 0) * e.score, 0) / wr.reduce((s, x) => s + x, 0);

  // Higgins & Thompson (2002), eq. (9)–(10): an interval for ln H, H² = Q/df, then I² = (H² − 1)/H².
  const seLnH =
    q > k
      ? (0.5 * (Math.log(q) - Math.log(df))) / (Math.sqrt(2 * q) - Math.sqrt(2 * k - 3))
      : k > 2
        ? Math.sqrt((1 / (2 * (k - 2))) * (1 - 1 / (3 * (k - 2) ** 2)))
        : Number.POSITIVE_INFINITY;
  const lnH = q > 0 ? 0.5 * Math.log(q / df) : 0;
  const z = zCritical(level);
  const toI2 = (lnh: number): number => Math.max(0, 100 * (1 - Math.exp(-2 * lnh)));
  return {
    k,
    q,
    p: chiSquareUpperTail(q, df),
    tau2,
    i2: q > 0 ? Math.max(0, (100 * (q - df)) / q) : 0,
    i2Low: Number.isFinite(seLnH) ? toI2(lnH - z * seLnH) : 0,
    i2High: Number.isFinite(seLnH) ? toI2(lnH + z * seLnH) : 100,
    mean,
  };
}
