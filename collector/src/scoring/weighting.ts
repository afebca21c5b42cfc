/**
 * Post-stratified overall scores: each stratum (a channel, or a touchpoint) counts by a target share
 * instead of by its share of the answers, so a channel or touchpoint whose visitors answer more often does
 * not pull the overall score its way (issue #14: pooled web NPS 8.1, weighted by impressions 16.7).
 *
 * Estimate: Σ_h W_h·ȳ_h, W_h the stratum's target share renormalised over the strata with answers, ȳ_h
 * its score. Variance: the Taylor-linearised variance of the weighted mean with the strata as strata
 * (Lohr 2010, Sampling: Design and Analysis, 2nd ed., ch. 4 on post-stratification, ch. 9 on linearisation), which for weights constant within a
 * stratum is Σ_h W_h²·s_h²/n_h. Kish's design effect of the weights (Kish 1965, Survey Sampling; Kish 1992, Journal of Official Statistics 8:183–200),
 * deff = n·Σw²/(Σw)², says what the weighting costs: the effective n is n/deff. The interval treats the
 * weighted sample as effective-n respondents with the weighted score and the linearised variance and adds
 * the pseudo-answers of the unweighted interval (Rocks' for NPS, z²/2 at each end otherwise), so a stratum
 * where everyone answered alike or a stratum of one does not make it collapse; with one stratum it is
 * exactly the unweighted interval. Coverage: test/scoring/weighting.test.ts.
 */
import { histogramMoments, type Histogram } from './histogram.js';
import { clamp, CONFIDENCE_LEVEL } from './intervals.js';
import { respondentScore, SCORE_RANGE, type MetricName } from './metric.js';
import { zCritical } from './normal.js';
import type { ScoreSummary } from './summary.js';

/** Pseudo-answers at each end of the scale for CSAT, CES, smiley and thumbs (z²/2, as their intervals). */
const PSEUDO_EACH_END = zCritical(CONFIDENCE_LEVEL) ** 2 / 2;
/** Rocks (2016): pseudo-promoters and pseudo-detractors added to an NPS sample. */
const NPS_PSEUDO_EACH_END = 3 / 4;
/** Rocks (2016): pseudo-passives (3 added to n in all). */
const NPS_PSEUDO_PASSIVE = 3 / 2;

/** What a weighted score is post-stratified by. */
export type WeightBy = 'channel' | 'impressions';

/** One stratum as given: its answers and its target share (any non-negative number; shares are normalised). */
export interface StratumInput {
  key: string;
  histogram: Histogram;
  share: number;
}

/** One stratum as weighted. */
export interface WeightedStratum {
  key: string;
  /** respondents in the stratum */
  n: number;
  /** its target share, normalised over every stratum given */
  share: number;
  /** its weight in the estimate: the share renormalised over the strata with answers (0 without answers) */
  weight: number;
  /** each of its respondents' weight relative to an unweighted respondent (weight·n/n_h) */
  respondentWeight: number;
  /** its own score; null without answers */
  score: number | null;
}

/** A post-stratified score with its interval and what the weighting cost. */
export interface WeightedScore extends ScoreSummary {
  /** Kish's design effect of the weights, n·Σw²/(Σw)² over the weighted respondents (1: no loss) */
  deff: number | null;
  /** n / deff: the sample size an unweighted sample of the same precision would need */
  effectiveN: number | null;
  strata: WeightedStratum[];
  /** strata with a target share but no answers: their share went to the others */
  empty: string[];
  /** strata with answers but no target share: their respondents do not count */
  unweighted: string[];
}

/**
 * Pseudo-answers the unweighted interval of each metric adds, as (score, count) pairs: NPS by Rocks (2016),
 * 3/4 promoter, 3/4 detractor and 3/2 passive; the other metrics z²/2 at each end of their range.
 */
function pseudoAnswers(metric: MetricName): [number, number][] {
  const { min, max } = SCORE_RANGE[metric];
  if (metric === 'nps')
    return [
      [max, NPS_PSEUDO_EACH_END],
      [min, NPS_PSEUDO_EACH_END],
      [0, NPS_PSEUDO_PASSIVE],
    ];
  return [
    [min, PSEUDO_EACH_END],
    [max, PSEUDO_EACH_END],
  ];
}

/**
 * The post-stratified score of `strata`: n counts the respondents of strata with a positive share; score,
 * interval, deff and effective n are null when none of those has answers. Throws on a negative or
 * non-finite share, or a repeated key.
 */
export function weightedScore(
  metric: MetricName,
  strata: readonly StratumInput[],
  level = CONFIDENCE_LEVEL,
): WeightedScore {
  const keys = new Set<string>();
  for (const s of strata) {
    if (!Number.isFinite(s.share) || s.share < 0) throw new RangeError(`share of ${s.key} must be ≥ 0, got ${s.share}`);
    if (keys.has(s.key)) throw new RangeError(`stratum ${s.key} is given twice`);
    keys.add(s.key);
  }
  const totalShare = strata.reduce((sum, s) => sum + s.share, 0);
  const parts = strata.map((s) => ({ ...s, m: histogramMoments(s.histogram, (v) => respondentScore(metric, v)) }));
  const used = parts.filter((s) => s.share > 0 && s.m.n > 0);
  const usedShare = used.reduce((sum, s) => sum + s.share, 0);
  const n = used.reduce((sum, s) => sum + s.m.n, 0);
  const weightOf = (s: (typeof parts)[number]) => (s.share > 0 && s.m.n > 0 ? s.share / usedShare : 0);
  const rows: WeightedStratum[] = parts.map((s) => ({
    key: s.key,
    n: s.m.n,
    share: totalShare > 0 ? s.share / totalShare : 0,
    weight: weightOf(s),
    respondentWeight: s.m.n === 0 ? 0 : (weightOf(s) * n) / s.m.n,
    score: s.m.n === 0 ? null : s.m.mean,
  }));
  const empty = parts.filter((s) => s.share > 0 && s.m.n === 0).map((s) => s.key);
  const unweighted = parts.filter((s) => s.share === 0 && s.m.n > 0).map((s) => s.key);
  if (n === 0)
    return { n, score: null, low: null, high: null, deff: null, effectiveN: null, strata: rows, empty, unweighted };

  let score = 0;
  // Linearised variance of the weighted mean, Σ_h W_h²·ss_h/n_h² (with n_h in the denominator, as the
  // unweighted intervals: with one stratum the whole interval is the unweighted one).
  let variance = 0;
  // Σ_h W_h²/n_h: with respondent weights W_h/n_h summing to 1, Kish's n·Σw²/(Σw)² is n times this.
  let sumSquaredWeights = 0;
  for (const s of used) {
    const w = weightOf(s);
    score += w * s.m.mean;
    variance += (w * w * s.m.ss) / (s.m.n * s.m.n);
    sumSquaredWeights += (w * w) / s.m.n;
  }
  const effectiveN = 1 / sumSquaredWeights;
  // The weighted sample read as effectiveN respondents with the weighted mean and the linearised variance,
  // then the metric's pseudo-answers added, as the unweighted interval does to a plain sample.
  let nAdj = effectiveN;
  let sum = effectiveN * score;
  for (const [value, count] of pseudoAnswers(metric)) {
    nAdj += count;
    sum += count * value;
  }
  const centre = sum / nAdj;
  let ssAdj = variance * effectiveN * effectiveN + effectiveN * (score - centre) ** 2;
  for (const [value, count] of pseudoAnswers(metric)) ssAdj += count * (value - centre) ** 2;
  const { min, max } = SCORE_RANGE[metric];
  const half = zCritical(level) * Math.sqrt(ssAdj / nAdj / nAdj);
  return {
    n,
    score,
    low: Math.min(clamp(centre - half, min, max), score),
    high: Math.max(clamp(centre + half, min, max), score),
    deff: n * sumSquaredWeights,
    effectiveN,
    strata: rows,
    empty,
    unweighted,
  };
}
