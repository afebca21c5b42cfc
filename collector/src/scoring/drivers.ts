/**
 * Driver analysis: which variables explain the most variation of the respondent-level score — "what
 * moves our NPS". For each variable, respondents are grouped by level (numeric variables binned, see
 * levels.ts, so U-shaped effects count too, which the R² of a straight line would miss) and we compute
 *
 *   η² = SS_between / SS_total   (the share of variance explained by the grouping, 0..1),
 *   ε² = 1 − (SS_within/(N − k)) / (SS_total/(N − 1))   (Kelley 1935, clipped at 0).
 *
 * Variables are ranked by ε², not η²: η² grows with the number of levels by chance alone (about
 * (k − 1)/(N − 1) when the variable is pure noise), so a 200-level product code would outrank a buyer
 * flag that truly matters; ε² removes that chance share. Use `respondentScore` for the scores so group
 * means are the metric (for NPS: +100 / 0 / −100, whose mean is the NPS).
 */
import { levelVariable, type LevelOptions, type VarValue, type VariableKind } from './levels.js';

/** Levels with fewer respondents than this are left out: their means are mostly noise (NPS SE > 25 points). */
export const DEFAULT_MIN_LEVEL_N = 10;

/** One respondent: the score to explain and the candidate variables. */
export interface DriverInput {
  score: number;
  vars: Readonly<Record<string, VarValue>>;
}

/** One level of a driver: its n and mean score. */
export interface DriverLevel {
  level: string;
  n: number;
  mean: number;
}

/** How much one variable explains. */
export interface Driver {
  variable: string;
  kind: VariableKind;
  /** respondents in the kept levels */
  n: number;
  /** kept levels, best (highest mean) first */
  levels: DriverLevel[];
  /** levels dropped for n < minLevelN */
  droppedLevels: string[];
  /** SS_between / SS_total; null with fewer than two kept levels or no variation at all */
  etaSquared: number | null;
  /** the chance-corrected ε² used for ranking; null where η² is, or when no within-level df is left */
  etaSquaredAdjusted: number | null;
  best: DriverLevel | null;
  worst: DriverLevel | null;
}

/** Options of the driver analysis. */
export interface DriverOptions extends LevelOptions {
  /** variables to analyse (default: every variable any respondent has) */
  variables?: readonly string[];
  /** minimum n of a level to take part (default DEFAULT_MIN_LEVEL_N) */
  minLevelN?: number;
}

/** η² and ε² of one variable. */
function analyse(rows: readonly DriverInput[], variable: string, options: DriverOptions): Driver {
  const minLevelN = options.minLevelN ?? DEFAULT_MIN_LEVEL_N;
  const leveling = levelVariable(
    rows.map((r) => r.vars[variable]),
    options,
  );
  const byLevel = new Map<string, number[]>();
  for (const r of rows) {
    const level = leveling.levelOf(r.vars[variable]);
    const scores = byLevel.get(level) ?? [];
    scores.push(r.score);
    byLevel.set(level, scores);
  }
  const kept = [...byLevel].filter(([, scores]) => scores.length >= minLevelN);
  const droppedLevels = [...byLevel.keys()].filter((level) => (byLevel.get(level)?.length ?? 0) < minLevelN).sort();
  const levels = kept.map(([level, scores]): DriverLevel => ({
    level,
    n: scores.length,
    mean: scores.reduce((a, b) => a + b, 0) / scores.length,
  }));
  levels.sort((a, b) => b.mean - a.mean || (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  const n = levels.reduce((sum, l) => sum + l.n, 0);
  const grandMean = levels.reduce((sum, l) => sum + l.n * l.mean, 0) / n;
  let ssTotal = 0;
  for (const [, scores] of kept) for (const s of scores) ssTotal += (s - grandMean) ** 2;
  const ssBetween = levels.reduce((sum, l) => sum + l.n * (l.mean - grandMean) ** 2, 0);
  const k = levels.length;
  const explainable = k >= 2 && ssTotal > 0;
  // Clip: rounding can push SS_between a hair above SS_total when a variable explains everything.
  const etaSquared = explainable ? Math.min(1, ssBetween / ssTotal) : null;
  const etaSquaredAdjusted =
    explainable && n > k ? Math.max(0, 1 - (ssTotal - ssBetween) / (n - k) / (ssTotal / (n - 1))) : null;
  return {
    variable,
    kind: leveling.kind,
    n,
    levels,
    droppedLevels,
    etaSquared,
    etaSquaredAdjusted: etaSquaredAdjusted === null ? null : Math.min(1, etaSquaredAdjusted),
    best: levels[0] ?? null,
    worst: levels[levels.length - 1] ?? null,
  };
}

/** Ranks variables by how much of the score's variation they explain (ε², then η², then name). */
export function drivers(rows: readonly DriverInput[], options: DriverOptions = {}): Driver[] {
  for (const r of rows) {
    if (!Number.isFinite(r.score)) throw new RangeError(`driver scores must be finite numbers, got ${r.score}`);
  }
  const variables = options.variables ?? [...new Set(rows.flatMap((r) => Object.keys(r.vars)))];
  const rank = (x: number | null): number => x ?? Number.NEGATIVE_INFINITY;
  return variables
    .map((v) => analyse(rows, v, options))
    .sort(
      (a, b) =>
        rank(b.etaSquaredAdjusted) - rank(a.etaSquaredAdjusted) ||
        rank(b.etaSquared) - rank(a.etaSquared) ||
        (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0),
    );
}
