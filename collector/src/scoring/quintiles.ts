/**
 * Quintile analysis: touchpoints with enough answers are split into five groups by score, bottom (1) to
 * top (5), and the gap between the top and bottom groups is read with a heterogeneity test. When the
 * touchpoints truly differ (Cochran's Q significant), a few drag the score down: fix the bottom 20%. When
 * they do not, the gap is what sorting noisy scores always opens, and the cause is systemic (product,
 * price, policy), not local.
 *
 * Assignment: touchpoints sorted by score take the quintile ⌊(position + ½)·5/k⌋ + 1, which spreads them
 * symmetrically (7 touchpoints → 1, 2, 1, 2, 1); tied scores share the quintile of their mean position, so
 * equal scores never land in different groups. With fewer than five touchpoints some quintiles stay empty
 * and the reading is 'insufficient-data'. The gap is taken between the highest and lowest non-empty
 * quintiles (normally 5 and 1; ties can empty an end group).
 *
 * `score` of a quintile is the UNWEIGHTED mean of its touchpoints' scores: the touchpoint is the unit the
 * analyst acts on, and a flagship store should not stand for its whole quintile. `weightedScore`
 * (weighted by n, which for NPS equals the pooled NPS of the quintile's respondents) is given beside it.
 *
 * The gap's interval is a percentile bootstrap: respondents are resampled within each touchpoint of the
 * top and bottom quintiles and the gap between the same two groups recomputed, B times with a fixed seed,
 * so the same data always give the same interval (Efron & Tibshirani 1993, An Introduction to the
 * Bootstrap, ch. 13). It is the uncertainty of the difference between these groups; re-sorting in every
 * replicate would add the sorting's upward bias a second time (the interval then missed its own gap).
 * Whether the gap exceeds what sorting noise opens is the heterogeneity test's question, not the interval's.
 */
import type { Histogram } from './histogram.js';
import { histogramMoments, histogramTotal } from './histogram.js';
import { heterogeneity, pooledEstimates, type Heterogeneity } from './heterogeneity.js';
import { DEFAULT_MIN_N } from './leaderboard.js';
import { respondentScore, type MetricName } from './metric.js';
import { resampleCounts, seededRandom } from './random.js';

/** Quintiles, of course. */
const GROUPS = 5;
/** Below five eligible touchpoints the quintiles are not all filled and no reading is given. */
export const MIN_TOUCHPOINTS = GROUPS;
/** Below ten touchpoints a quintile holds one touchpoint, and the reply warns that it is thin. */
export const FEW_TOUCHPOINTS = 10;
/** Bootstrap replicates of the gap: enough for stable 2.5/97.5 percentiles, fast enough for a reply. */
export const DEFAULT_BOOTSTRAP = 1000;
/** Seed of the bootstrap, so a reply is reproducible. */
export const BOOTSTRAP_SEED = 20_261_202;
/** Level of Cochran's Q test that decides the reading. */
export const HETEROGENEITY_ALPHA = 0.05;
/** Tails of the 95% percentile interval. */
const LOWER_TAIL = 0.025;
const UPPER_TAIL = 0.975;

/** A touchpoint's answers to the metric's question. */
export interface QuintileInput {
  key: string;
  histogram: Histogram;
}

/** One of the five groups, 1 = bottom to 5 = top. */
export interface QuintileGroup {
  quintile: number;
  keys: string[];
  /** touchpoints in the group */
  size: number;
  /** respondents across the group's touchpoints */
  n: number;
  /** unweighted mean of the touchpoints' scores; null when the group is empty */
  score: number | null;
  /** n-weighted mean of the touchpoints' scores; null when the group is empty */
  weightedScore: number | null;
}

/** What the gap means for the analyst. */
export type QuintileReading = 'focus-on-bottom' | 'systemic' | 'insufficient-data';

/** The analysis of one metric across touchpoints. */
export interface QuintileAnalysis {
  /** always five groups, bottom first */
  quintiles: QuintileGroup[];
  /** touchpoints left out for n < minN or no answers */
  excluded: string[];
  /** score of the top non-empty quintile minus that of the bottom one */
  gap: number | null;
  /** 95% percentile-bootstrap interval of the gap; null without a gap or with one touchpoint */
  gapLow: number | null;
  gapHigh: number | null;
  /** bootstrap replicates behind the interval (0 when none was drawn) */
  bootstrap: number;
  /** Cochran's Q, τ² and I² across the eligible touchpoints; null with fewer than two */
  heterogeneity: Heterogeneity | null;
  reading: QuintileReading;
  /** the reading in one sentence for the dashboard */
  readingText: string;
  /** set when fewer than FEW_TOUCHPOINTS take part: each quintile is one or two touchpoints */
  warning: string | null;
}

/** Options of the quintile analysis. */
export interface QuintileOptions {
  /** minimum n for a touchpoint to take part (default DEFAULT_MIN_N) */
  minN?: number;
  /** bootstrap replicates (default DEFAULT_BOOTSTRAP; 0 skips the interval) */
  bootstrap?: number;
  /** bootstrap seed (default BOOTSTRAP_SEED) */
  seed?: number;
}

const READING_TEXT: Record<QuintileReading, string> = {
  'focus-on-bottom': 'Touchpoints differ by more than chance (heterogeneity test): focus on the bottom 20%.',
  systemic: 'Touchpoints differ no more than chance would make them: the cause is systemic, not local.',
  'insufficient-data': `Fewer than ${MIN_TOUCHPOINTS} touchpoints have enough answers for a quintile analysis.`,
};

/**
 * The quintile (0-based) of each of k scores sorted ascending: ⌊(mean position of its tie run + ½)·5/k⌋.
 */
function assign(sorted: readonly number[]): number[] {
  const k = sorted.length;
  const out = new Array<number>(k);
  for (let start = 0; start < k;) {
    let end = start;
    while (end + 1 < k && sorted[end + 1] === sorted[start]) end++;
    const group = Math.min(GROUPS - 1, Math.floor((((start + end) / 2 + 0.5) * GROUPS) / k));
    for (let i = start; i <= end; i++) out[i] = group;
    start = end + 1;
  }
  return out;
}

/** The p-quantile of sorted values (linear interpolation between order statistics, type 7). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  return a + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? a) - a);
}

/** Splits touchpoints into score quintiles, bootstraps the top-vs-bottom gap and reads it. */
export function quintiles(
  metric: MetricName,
  touchpoints: readonly QuintileInput[],
  options: QuintileOptions = {},
): QuintileAnalysis {
  const minN = Math.max(options.minN ?? DEFAULT_MIN_N, 1);
  const replicates = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const eligible: (QuintileInput & { n: number; score: number })[] = [];
  const excluded: string[] = [];
  for (const t of touchpoints) {
    const n = histogramTotal(t.histogram);
    if (n >= minN) {
      const score = histogramMoments(t.histogram, (v) => respondentScore(metric, v)).mean;
      eligible.push({ ...t, n, score });
    } else excluded.push(t.key);
  }
  eligible.sort((a, b) => a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const k = eligible.length;

  const members: (typeof eligible)[] = Array.from({ length: GROUPS }, () => []);
  assign(eligible.map((t) => t.score)).forEach((g, i) => {
    const t = eligible[i];
    if (t !== undefined) members[g]?.push(t);
  });
  const groups = members.map((list, i): QuintileGroup => {
    const n = list.reduce((sum, t) => sum + t.n, 0);
    return {
      quintile: i + 1,
      keys: list.map((t) => t.key),
      size: list.length,
      n,
      score: list.length === 0 ? null : list.reduce((sum, t) => sum + t.score, 0) / list.length,
      weightedScore: n === 0 ? null : list.reduce((sum, t) => sum + t.n * t.score, 0) / n,
    };
  });
  let gapLow: number | null = null;
  let gapHigh: number | null = null;
  let drawn = 0;
  const bottom = groups.find((g) => g.size > 0);
  const top = [...groups].reverse().find((g) => g.size > 0);
  const gap = top?.score != null && bottom?.score != null ? top.score - bottom.score : null;
  if (k >= 2 && replicates > 0 && bottom !== undefined && top !== undefined) {
    const random = seededRandom(options.seed ?? BOOTSTRAP_SEED);
    // Each touchpoint as answer categories: respondent scores and counts, resampled without allocating maps.
    const side = (g: QuintileGroup) =>
      members[g.quintile - 1]?.map((t) => {
        const entries = [...t.histogram].filter(([, c]) => c > 0);
        return { n: t.n, values: entries.map(([v]) => respondentScore(metric, v)), counts: entries.map(([, c]) => c) };
      }) ?? [];
    const [low, high] = [side(bottom), side(top)];
    const meanOf = (list: typeof low): number =>
      list.reduce((sum, t) => {
        const counts = resampleCounts(random, t.counts);
        return sum + counts.reduce((s, c, i) => s + c * (t.values[i] ?? 0), 0) / t.n;
      }, 0) / list.length;
    const gaps: number[] = [];
    // One group both top and bottom (all scores tied): the gap is 0 by definition in every replicate.
    const same = top.quintile === bottom.quintile;
    for (let b = 0; b < replicates; b++) gaps.push(same ? 0 : meanOf(high) - meanOf(low));
    gaps.sort((a, b) => a - b);
    [gapLow, gapHigh, drawn] = [quantile(gaps, LOWER_TAIL), quantile(gaps, UPPER_TAIL), replicates];
  }

  const het = heterogeneity(pooledEstimates(metric, eligible));
  let reading: QuintileReading = 'insufficient-data';
  if (k >= MIN_TOUCHPOINTS && het !== null) reading = het.p < HETEROGENEITY_ALPHA ? 'focus-on-bottom' : 'systemic';
  const warning =
    k < FEW_TOUCHPOINTS
      ? `Only ${k} touchpoint${k === 1 ? '' : 's'} with n ≥ ${minN}: each quintile holds one or two, read it with care.`
      : null;
  return {
    quintiles: groups,
    excluded,
    gap,
    gapLow,
    gapHigh,
    bootstrap: drawn,
    heterogeneity: het,
    reading,
    readingText: READING_TEXT[reading],
    warning,
  };
}
