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
import { histogramTotal, type Histogram } from './histogram.js';
import {
  fixedLeveling,
  levelVariable,
  levelVariableOfCounts,
  type FixedBins,
  type LevelOptions,
  type VarValue,
  type VariableKind,
} from './levels.js';
import { respondentScore, type MetricName } from './metric.js';

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

/** Score → how many respondents of a level have it: what both the row and the count paths reduce to. */
type ScoreCounts = Map<number, number>;

/** A variable's values with the metric's answer histogram of the respondents having each value. */
export interface VariableHistograms {
  variable: string;
  /** null or undefined: respondents without a value */
  values: readonly (readonly [VarValue, Histogram])[];
  /** set when the values are already the bins of fixed edges (a numeric variable's rollup): no binning here */
  fixed?: FixedBins | undefined;
}

/** Adds `count` respondents with `score` to `level`. */
function addScore(byLevel: Map<string, ScoreCounts>, level: string, score: number, count: number): void {
  let counts = byLevel.get(level);
  if (!counts) byLevel.set(level, (counts = new Map()));
  counts.set(score, (counts.get(score) ?? 0) + count);
}

/**
 * η² and ε² of one variable from its levels' score counts. Sums run over levels in display order and
 * scores in ascending order, so any two inputs with the same counts give bit-identical results.
 */
function analyse(
  variable: string,
  kind: VariableKind,
  byLevel: ReadonlyMap<string, ScoreCounts>,
  minLevelN: number,
): Driver {
  const all = [...byLevel].map(([level, counts]) => {
    const entries = [...counts].sort((a, b) => a[0] - b[0]);
    let n = 0;
    let sum = 0;
    for (const [score, count] of entries) {
      n += count;
      sum += score * count;
    }
    return { level, n, mean: sum / n, entries };
  });
  const droppedLevels = all
    .filter((l) => l.n < minLevelN)
    .map((l) => l.level)
    .sort();
  const kept = all.filter((l) => l.n >= minLevelN);
  kept.sort((a, b) => b.mean - a.mean || (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  const levels = kept.map(({ level, n, mean }): DriverLevel => ({ level, n, mean }));
  const n = levels.reduce((sum, l) => sum + l.n, 0);
  const grandMean = levels.reduce((sum, l) => sum + l.n * l.mean, 0) / n;
  let ssTotal = 0;
  for (const l of kept) for (const [score, count] of l.entries) ssTotal += count * (score - grandMean) ** 2;
  const ssBetween = levels.reduce((sum, l) => sum + l.n * (l.mean - grandMean) ** 2, 0);
  const k = levels.length;
  const explainable = k >= 2 && ssTotal > 0;
  // Clip: rounding can push SS_between a hair above SS_total when a variable explains everything.
  const etaSquared = explainable ? Math.min(1, ssBetween / ssTotal) : null;
  const etaSquaredAdjusted =
    explainable && n > k ? Math.max(0, 1 - (ssTotal - ssBetween) / (n - k) / (ssTotal / (n - 1))) : null;
  return {
    variable,
    kind,
    n,
    levels,
    droppedLevels,
    etaSquared,
    etaSquaredAdjusted: etaSquaredAdjusted === null ? null : Math.min(1, etaSquaredAdjusted),
    best: levels[0] ?? null,
    worst: levels[levels.length - 1] ?? null,
  };
}

/** Highest ε² first, then η², then name. */
function rank(list: Driver[]): Driver[] {
  const value = (x: number | null): number => x ?? Number.NEGATIVE_INFINITY;
  return list.sort(
    (a, b) =>
      value(b.etaSquaredAdjusted) - value(a.etaSquaredAdjusted) ||
      value(b.etaSquared) - value(a.etaSquared) ||
      (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0),
  );
}

/** Ranks variables by how much of the score's variation they explain (ε², then η², then name). */
export function drivers(rows: readonly DriverInput[], options: DriverOptions = {}): Driver[] {
  for (const r of rows) {
    if (!Number.isFinite(r.score)) throw new RangeError(`driver scores must be finite numbers, got ${r.score}`);
  }
  const variables = options.variables ?? [...new Set(rows.flatMap((r) => Object.keys(r.vars)))];
  const minLevelN = options.minLevelN ?? DEFAULT_MIN_LEVEL_N;
  return rank(
    variables.map((variable) => {
      const leveling = levelVariable(
        rows.map((r) => r.vars[variable]),
        options,
      );
      const byLevel = new Map<string, ScoreCounts>();
      for (const r of rows) addScore(byLevel, leveling.levelOf(r.vars[variable]), r.score, 1);
      return analyse(variable, leveling.kind, byLevel, minLevelN);
    }),
  );
}

/**
 * The same ranking from counts — per variable, each value's answer histogram (e.g. a scan grouped in
 * the store) — scoring answers with `respondentScore`: equal to `drivers` over the respondent rows.
 */
export function driversOfHistograms(
  metric: MetricName,
  variables: readonly VariableHistograms[],
  options: Omit<DriverOptions, 'variables'> = {},
): Driver[] {
  const minLevelN = options.minLevelN ?? DEFAULT_MIN_LEVEL_N;
  return rank(
    variables.map(({ variable, values, fixed }) => {
      const counts = new Map<VarValue, number>();
      for (const [value, h] of values) counts.set(value, (counts.get(value) ?? 0) + histogramTotal(h));
      const leveling = fixed ? fixedLeveling(fixed) : levelVariableOfCounts(counts, options);
      const byLevel = new Map<string, ScoreCounts>();
      for (const [value, h] of values) {
        const level = leveling.levelOf(value);
        for (const [answer, count] of h)
          if (count > 0) addScore(byLevel, level, respondentScore(metric, answer), count);
      }
      return analyse(variable, leveling.kind, byLevel, minLevelN);
    }),
  );
}
