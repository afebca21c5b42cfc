/**
 * Quintile analysis: touchpoints with enough answers are split into five groups by score, bottom (1) to
 * top (5), and the gap between the top and bottom groups says where to act. A large gap means a few
 * touchpoints drag the score down (fix the bottom 20%); a small gap means every touchpoint scores alike,
 * so the cause is systemic (product, price, policy), not local.
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
 */
import type { MetricName } from './metric.js';
import { SCORE_RANGE } from './metric.js';
import { DEFAULT_MIN_N } from './leaderboard.js';

/** Quintiles, of course. */
const GROUPS = 5;
/** Below five eligible touchpoints the quintiles are not all filled and no reading is given. */
export const MIN_TOUCHPOINTS = GROUPS;
/**
 * The gap must exceed this many typical (median) 95% interval widths to read as local. If all touchpoints
 * had the same true score, sorting noisy scores would still open a gap: about 2·1.40 = 2.8 standard errors
 * for many touchpoints (the mean of the top 20% of a normal sample is 1.40 SD above the mean), i.e. ~0.71 of
 * a full interval width (3.92 SE). Requiring one full width keeps noise alone from reading as "local".
 */
export const GAP_NOISE_FACTOR = 1;
/**
 * …and at least this share of the score's range (10 NPS points, 5 CSAT points, 0.3 CES points): with very
 * large samples tiny real gaps pass the noise test but are not worth a local programme.
 */
export const MIN_PRACTICAL_GAP_SHARE = 0.05;

/** A touchpoint's score as the leaderboard reports it. */
export interface ScoredTouchpoint {
  key: string;
  n: number;
  score: number | null;
  low: number | null;
  high: number | null;
}

/** One of the five groups, 1 = bottom to 5 = top. */
export interface QuintileGroup {
  quintile: number;
  keys: string[];
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
  /** touchpoints left out for n < minN or no score */
  excluded: string[];
  /** score of the top non-empty quintile minus that of the bottom one */
  gap: number | null;
  /** median width (high − low) of the eligible touchpoints' intervals */
  typicalWidth: number | null;
  /** the gap above which the reading is 'focus-on-bottom' */
  threshold: number | null;
  reading: QuintileReading;
  /** the reading in one sentence for the dashboard */
  readingText: string;
}

/** Options of the quintile analysis. */
export interface QuintileOptions {
  /** minimum n for a touchpoint to take part (default DEFAULT_MIN_N) */
  minN?: number;
}

const READING_TEXT: Record<QuintileReading, string> = {
  'focus-on-bottom': 'The top and bottom touchpoints differ widely: focus on the bottom 20%.',
  systemic: 'Touchpoints score alike: the cause is systemic, not local.',
  'insufficient-data': `Fewer than ${MIN_TOUCHPOINTS} touchpoints have enough answers for a quintile analysis.`,
};

/** The median of a non-empty list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Splits touchpoints into score quintiles and reads the top-vs-bottom gap. */
export function quintiles(
  metric: MetricName,
  touchpoints: readonly ScoredTouchpoint[],
  options: QuintileOptions = {},
): QuintileAnalysis {
  const minN = options.minN ?? DEFAULT_MIN_N;
  const eligible: (ScoredTouchpoint & { score: number })[] = [];
  const excluded: string[] = [];
  for (const t of touchpoints) {
    if (t.score !== null && t.n > 0 && t.n >= minN) eligible.push({ ...t, score: t.score });
    else excluded.push(t.key);
  }
  eligible.sort((a, b) => a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const members: (typeof eligible)[] = Array.from({ length: GROUPS }, () => []);
  const k = eligible.length;
  for (let start = 0; start < k;) {
    let end = start;
    while (end + 1 < k && eligible[end + 1]?.score === eligible[start]?.score) end++;
    const meanPosition = (start + end) / 2 + 0.5;
    const group = Math.min(GROUPS - 1, Math.floor((meanPosition * GROUPS) / k));
    for (let i = start; i <= end; i++) {
      const t = eligible[i];
      if (t !== undefined) members[group]?.push(t);
    }
    start = end + 1;
  }

  const groups = members.map((list, i): QuintileGroup => {
    const n = list.reduce((sum, t) => sum + t.n, 0);
    return {
      quintile: i + 1,
      keys: list.map((t) => t.key),
      n,
      score: list.length === 0 ? null : list.reduce((sum, t) => sum + t.score, 0) / list.length,
      weightedScore: n === 0 ? null : list.reduce((sum, t) => sum + t.n * t.score, 0) / n,
    };
  });

  const filled = groups.filter((g) => g.score !== null);
  const bottom = filled[0]?.score ?? null;
  const top = filled[filled.length - 1]?.score ?? null;
  const gap = top === null || bottom === null ? null : top - bottom;
  const widths = eligible.flatMap((t) => (t.low === null || t.high === null ? [] : [t.high - t.low]));
  const typicalWidth = widths.length === 0 ? null : median(widths);
  const { min, max } = SCORE_RANGE[metric];
  const practical = MIN_PRACTICAL_GAP_SHARE * (max - min);
  const threshold = typicalWidth === null ? null : Math.max(GAP_NOISE_FACTOR * typicalWidth, practical);

  let reading: QuintileReading = 'insufficient-data';
  if (k >= MIN_TOUCHPOINTS && gap !== null && threshold !== null) {
    reading = gap > threshold ? 'focus-on-bottom' : 'systemic';
  }
  return { quintiles: groups, excluded, gap, typicalWidth, threshold, reading, readingText: READING_TEXT[reading] };
}
