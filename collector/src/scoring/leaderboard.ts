/**
 * Touchpoint leaderboard: every touchpoint's score with n, interval, change against the previous period
 * and response rate. Touchpoints with fewer than `minN` answers are flagged `lowSample` and listed after
 * the ranked ones, unranked: with n < 30 an NPS interval is about ±35 points wide, so a rank would be noise.
 */
import type { Histogram } from './histogram.js';
import { scoreMetric, type MetricName } from './metric.js';
import { responseRate } from './response-rate.js';
import { holm, scoreChange } from './change.js';
import { shrink, type Shrinkage } from './shrinkage.js';

/** Family-wise error rate of the significance marks across the rows shown (Holm). */
export const CHANGE_ALPHA = 0.05;

/** Below this many answers a score is shown but not ranked (the usual rule-of-thumb minimum for NPS). */
export const DEFAULT_MIN_N = 30;

/** What the leaderboard needs for one touchpoint. */
export interface LeaderboardInput {
  key: string;
  /** answers to the metric's question in the current period */
  histogram: Histogram;
  /** answers in the previous period of the same length, if known */
  previous?: Histogram;
  /** surveys shown in the current period; the response rate is null without it */
  impressions?: number;
  /** surveys answered in the current period (default: the histogram's n) */
  answered?: number;
}

/** One leaderboard row. */
export interface LeaderboardRow {
  /** 1-based rank among rows with enough data (ties share a rank: 1, 2, 2, 4); null when lowSample */
  rank: number | null;
  key: string;
  n: number;
  score: number | null;
  low: number | null;
  high: number | null;
  /** score in the previous period, null when unknown or nobody answered */
  previous: number | null;
  /** n in the previous period (0 when unknown), to judge whether `change` means anything */
  previousN: number;
  /** score − previous; null when either is null or either n < minN (a change from a handful is noise) */
  change: number | null;
  /** 95% interval of the change (two-sample adjusted Wald for NPS, Agresti–Caffo, Welch), null with it */
  changeLow: number | null;
  changeHigh: number | null;
  /** p-value of the change, Holm-adjusted across the rows with a change */
  changeP: number | null;
  /** whether the change is significant at CHANGE_ALPHA after Holm; null without a change */
  significant: boolean | null;
  /** answered / impressions, null without impressions */
  responseRate: number | null;
  /** n < minN: shown, not ranked (unless ranked by shrunk score, which ranks every answered row) */
  lowSample: boolean;
  /** with `rank: 'shrunk'`: the empirical Bayes score the row is ranked by; null otherwise or without answers */
  shrunk: number | null;
  /** with `rank: 'shrunk'`: 95% interval of the rank over posterior draws; null otherwise */
  rankLow: number | null;
  rankHigh: number | null;
}

/** How rows are ranked: by their own score (n ≥ minN only) or by their shrunk score (every answered row). */
export type RankBy = 'score' | 'shrunk';

/** Options of the leaderboard. */
export interface LeaderboardOptions {
  /** minimum n to be ranked (default DEFAULT_MIN_N) */
  minN?: number;
  /** default 'score' */
  rank?: RankBy;
  /** with rank 'shrunk': the shrinkage of these inputs if the caller already has it (else computed) */
  shrinkage?: Shrinkage | null;
}

/** Orders rows by score, high first (nulls last), then by n, high first, then by key. */
function byScore(a: LeaderboardRow, b: LeaderboardRow): number {
  const sa = a.score ?? Number.NEGATIVE_INFINITY;
  const sb = b.score ?? Number.NEGATIVE_INFINITY;
  if (sa !== sb) return sb - sa;
  if (a.n !== b.n) return b.n - a.n;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Builds the leaderboard of `metric`: ranked rows by score, then the low-sample rows. */
export function leaderboard(
  metric: MetricName,
  inputs: readonly LeaderboardInput[],
  options: LeaderboardOptions = {},
): LeaderboardRow[] {
  const minN = options.minN ?? DEFAULT_MIN_N;
  if (!(minN >= 0)) throw new RangeError(`minN must be non-negative, got ${minN}`);
  const rows = inputs.map((input): LeaderboardRow => {
    const current = scoreMetric(metric, input.histogram);
    const before = input.previous === undefined ? null : scoreMetric(metric, input.previous);
    const previous = before?.score ?? null;
    const answered = input.answered ?? current.n;
    const enough = current.n >= Math.max(minN, 1) && (before?.n ?? 0) >= Math.max(minN, 1);
    const delta = enough && input.previous ? scoreChange(metric, input.histogram, input.previous) : null;
    return {
      rank: null,
      key: input.key,
      n: current.n,
      score: current.score,
      low: current.low,
      high: current.high,
      previous,
      previousN: before?.n ?? 0,
      change: delta?.change ?? null,
      changeLow: delta?.low ?? null,
      changeHigh: delta?.high ?? null,
      changeP: delta?.p ?? null,
      significant: null,
      responseRate: input.impressions === undefined ? null : responseRate({ answered, impressions: input.impressions }),
      // n = 0 is always low-sample, even with minN = 0: there is no score to rank.
      lowSample: current.n === 0 || current.n < minN,
      shrunk: null,
      rankLow: null,
      rankHigh: null,
    };
  });
  const tested = rows.filter((r) => r.changeP !== null);
  holm(tested.map((r) => r.changeP ?? 1)).forEach((p, i) => {
    const row = tested[i] as LeaderboardRow;
    row.changeP = p;
    row.significant = p < CHANGE_ALPHA;
  });
  if (options.rank === 'shrunk') {
    const s = options.shrinkage !== undefined ? options.shrinkage : shrink(metric, inputs);
    return rankShrunk(s, rows);
  }
  const ranked = rows.filter((r) => !r.lowSample).sort(byScore);
  ranked.forEach((row, i) => {
    const prev = ranked[i - 1];
    row.rank = prev !== undefined && prev.score === row.score ? prev.rank : i + 1;
  });
  const unranked = rows.filter((r) => r.lowSample).sort(byScore);
  return [...ranked, ...unranked];
}

/** Ranks every answered row by its empirical Bayes score (shrinkage.ts), with rank intervals. */
function rankShrunk(s: Shrinkage | null, rows: LeaderboardRow[]): LeaderboardRow[] {
  for (const row of rows) {
    const x = s?.scores.get(row.key);
    if (x !== undefined) [row.shrunk, row.rankLow, row.rankHigh] = [x.shrunk, x.rankLow, x.rankHigh];
    // A lone answered touchpoint has nothing to shrink toward: its own score, rank 1 of 1.
    else if (s === null && row.n > 0) [row.shrunk, row.rankLow, row.rankHigh] = [row.score, 1, 1];
  }
  const byShrunk = (a: LeaderboardRow, b: LeaderboardRow): number => (b.shrunk ?? 0) - (a.shrunk ?? 0) || byScore(a, b);
  const ranked = rows.filter((r) => r.shrunk !== null).sort(byShrunk);
  ranked.forEach((row, i) => {
    const prev = ranked[i - 1];
    row.rank = prev !== undefined && prev.shrunk === row.shrunk ? prev.rank : i + 1;
  });
  return [...ranked, ...rows.filter((r) => r.shrunk === null).sort(byScore)];
}
