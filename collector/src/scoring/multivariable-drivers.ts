/**
 * Drivers taken together: a linear model of the respondent-level score (NPS: +100/0/−100) on the top
 * drivers at once, each dummy-coded (one column per level but its most common one).
 *
 * - **Shapley decomposition of R²** (Lipovetsky & Conklin 2001, Applied Stochastic Models in Business and
 *   Industry 17:319–330; the "dominance"/LMG share of Grömping 2007): a driver's share is its gain in R²
 *   when added to a subset of the others, averaged over every order of entry. The shares add up to the
 *   model's R², so overlapping drivers (channel and touchpoint) split what they explain jointly instead of
 *   both claiming it. Exact over all 2^k subsets, so k is capped at MAX_SHAPLEY_DRIVERS.
 * - **Unique share**: R² of the full model minus R² without the driver — what nothing else can explain.
 * - **Levels adjusted for touchpoint** (touchpoint fixed effects): a level's adjusted mean is what the
 *   respondents would score, with their own mix of touchpoints, if all had that level. A kiosk placed
 *   mostly at the best store looks best pooled yet is worse at every store (Simpson's paradox); within
 *   touchpoints it reads worse. A level seen only at touchpoints where no other level is seen cannot be
 *   compared within a touchpoint: its adjusted mean is null.
 *
 * All of it is association in observational data, not the effect of changing a level.
 */
import { levelVariableOfCounts, type LevelOptions, type VarValue, type VariableKind } from './levels.js';
import { CONFIDENCE_LEVEL } from './intervals.js';
import { CrossProducts, fitLeastSquares, INTERCEPT, linkedLevels, type LeastSquaresFit } from './linear-model.js';
import { zCritical } from './normal.js';
import { DEFAULT_MIN_LEVEL_N, type DriverInput } from './drivers.js';

/** Exact Shapley needs 2^k fits; 8 drivers are 256, a few milliseconds. */
export const MAX_SHAPLEY_DRIVERS = 8;
/** The variable whose fixed effects levels are adjusted for. */
export const ADJUST_FOR = 'touchpoint';
/** Levels under minLevelN are pooled into this one, so their respondents still count. */
export const OTHER_LEVEL = '(other)';

/** One level of a driver, raw and adjusted for touchpoint. */
export interface AdjustedLevel {
  level: string;
  n: number;
  /** mean score of the level's respondents */
  mean: number;
  /** mean with the level's effect estimated within touchpoints; null where not comparable within one */
  adjustedMean: number | null;
  low: number | null;
  high: number | null;
}

/** One driver in the multivariable model. */
export interface MultivariableDriver {
  variable: string;
  kind: VariableKind;
  /** Shapley share of R² (the shares add up to the model's R²) */
  shapley: number;
  /** shapley / R²; null when R² is 0 */
  shareOfExplained: number | null;
  /** R²(all) − R²(all but this one) */
  unique: number;
  /** levels, highest adjusted mean first (unadjustable ones last, by raw mean) */
  levels: AdjustedLevel[];
  /** best and worst level by adjusted mean (for touchpoint itself: by raw mean) */
  best: AdjustedLevel | null;
  worst: AdjustedLevel | null;
}

/** The multivariable view. */
export interface MultivariableDrivers {
  n: number;
  /** R² of the model with every driver */
  r2: number;
  /** R² corrected for the columns used: 1 − (1 − R²)(n − 1)/(n − rank); null without df left */
  r2Adjusted: number | null;
  drivers: MultivariableDriver[];
}

/** Options of the multivariable view. */
export interface MultivariableOptions extends LevelOptions {
  /** the drivers (at most MAX_SHAPLEY_DRIVERS), e.g. the top ones of the ε² screen */
  variables: readonly string[];
  /** levels with fewer respondents are pooled into OTHER_LEVEL (default DEFAULT_MIN_LEVEL_N) */
  minLevelN?: number;
}

/**
 * Respondents who share every variable's value, added up: n, Σ score, Σ score². A respondent row is a cell of
 * n = 1; rollups give cells of many (one per combination of levels the rollup keeps).
 */
export interface DriverCell {
  vars: Readonly<Record<string, VarValue>>;
  n: number;
  sum: number;
  sumSquares: number;
}

/** A variable's levels and their design columns. */
interface Coding {
  variable: string;
  kind: VariableKind;
  /** each cell's level */
  levelOfRow: string[];
  /** level → column (the reference level has none) */
  column: Map<string, number>;
  reference: string;
  /** level → n */
  counts: Map<string, number>;
}

/** Dummy-codes one variable from column `first` on; small levels pooled, the most common the reference. */
function code(
  variable: string,
  cells: readonly DriverCell[],
  first: number,
  minLevelN: number,
  options: LevelOptions,
): Coding {
  const values: VarValue[] = cells.map((r) => r.vars[variable]);
  const valueCounts = new Map<VarValue, number>();
  cells.forEach((c, i) => valueCounts.set(values[i], (valueCounts.get(values[i]) ?? 0) + c.n));
  const leveling = levelVariableOfCounts(valueCounts, options);
  const raw = values.map((v) => leveling.levelOf(v));
  const rawCounts = new Map<string, number>();
  raw.forEach((l, i) => rawCounts.set(l, (rawCounts.get(l) ?? 0) + (cells[i]?.n ?? 0)));
  const levelOfRow = raw.map((l) => ((rawCounts.get(l) ?? 0) < minLevelN ? OTHER_LEVEL : l));
  const counts = new Map<string, number>();
  levelOfRow.forEach((l, i) => counts.set(l, (counts.get(l) ?? 0) + (cells[i]?.n ?? 0)));
  for (const [l, n] of counts) if (n === 0) counts.delete(l);
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const reference = ordered[0]?.[0] ?? '';
  const column = new Map(ordered.slice(1).map(([level], i) => [level, first + i]));
  return { variable, kind: leveling.kind, levelOfRow, column, reference, counts };
}

/** The columns of a set of codings. */
const columnsOf = (codings: readonly Coding[]): number[] => codings.flatMap((c) => [...c.column.values()]);

/** Levels of `target` adjusted for the fixed effects of `adjust`, from a fit holding both. */
function adjustedLevels(
  cp: CrossProducts,
  target: Coding,
  adjust: Coding,
  means: Map<string, number>,
): AdjustedLevel[] {
  const fit: LeastSquaresFit = fitLeastSquares(cp, [...adjust.column.values(), ...target.column.values()]);
  const position = new Map(fit.columns.map((c, i) => [c, i]));
  const z = zCritical(CONFIDENCE_LEVEL);
  // The contrast vector of "everyone at this level, with their own touchpoints": the intercept, each
  // touchpoint column at its share of respondents, and the level's own column.
  const base: [number, number][] = [[0, 1]];
  for (const c of adjust.column.values()) base.push([position.get(c) ?? -1, cp.at(INTERCEPT, c) / cp.n]);
  const estimate = (level: string): { mean: number; se: number } | null => {
    const own = target.column.get(level);
    const terms: [number, number][] = own === undefined ? base : [...base, [position.get(own) ?? -1, 1]];
    let mean = 0;
    for (const [i, w] of terms) {
      const b = fit.coefficients[i];
      // An aliased touchpoint column is absorbed by the others; an aliased level is not comparable.
      if (b === null || b === undefined) {
        if (own !== undefined && i === position.get(own)) return null;
        continue;
      }
      mean += w * b;
    }
    let variance = 0;
    for (const [i, wi] of terms)
      for (const [j, wj] of terms) {
        const c = fit.covariance(i, j);
        if (c !== null) variance += wi * wj * c;
      }
    return { mean, se: Math.sqrt(Math.max(0, variance)) };
  };
  // Levels compare within touchpoints only through touchpoints that hold both (directly or by a chain):
  // a level not linked so to the reference level has no adjusted mean.
  const linked = linkedLevels(
    target.levelOfRow.map((level, row) => [level, adjust.levelOfRow[row] ?? ''] as const),
    target.reference,
  );
  return [...target.counts].map(([level, n]) => {
    const e = linked.has(level) ? estimate(level) : null;
    return {
      level,
      n,
      mean: means.get(level) ?? 0,
      adjustedMean: e?.mean ?? null,
      low: e && fit.sigma2 !== null ? e.mean - z * e.se : null,
      high: e && fit.sigma2 !== null ? e.mean + z * e.se : null,
    };
  });
}

/** Highest adjusted mean first; unadjustable levels after, by raw mean; then name. */
function byAdjusted(a: AdjustedLevel, b: AdjustedLevel): number {
  const key = (l: AdjustedLevel) => l.adjustedMean ?? Number.NEGATIVE_INFINITY;
  return key(b) - key(a) || b.mean - a.mean || (a.level < b.level ? -1 : a.level > b.level ? 1 : 0);
}

/** The multivariable driver model: Shapley and unique shares of R², and levels adjusted for touchpoint. */
export function multivariableDrivers(
  rows: readonly DriverInput[],
  options: MultivariableOptions,
): MultivariableDrivers {
  for (const r of rows)
    if (!Number.isFinite(r.score)) throw new RangeError(`driver scores must be finite numbers, got ${r.score}`);
  return multivariableDriversOfCells(
    rows.map((r) => ({ vars: r.vars, n: 1, sum: r.score, sumSquares: r.score * r.score })),
    options,
  );
}

/**
 * The multivariable driver model over cells of respondents (each cell: the same value of every variable,
 * with n, Σ score and Σ score²): the same model as over the respondent rows the cells add up, to rounding.
 */
export function multivariableDriversOfCells(
  input: readonly DriverCell[],
  options: MultivariableOptions,
): MultivariableDrivers {
  const variables = [...new Set(options.variables)];
  if (variables.length > MAX_SHAPLEY_DRIVERS)
    throw new RangeError(`at most ${MAX_SHAPLEY_DRIVERS} drivers in the multivariable model, got ${variables.length}`);
  for (const c of input)
    if (!Number.isFinite(c.sum) || !Number.isFinite(c.sumSquares) || !(c.n >= 0))
      throw new RangeError(`driver cells must hold finite sums and a count, got ${c.n}, ${c.sum}`);
  const rows = input.filter((c) => c.n > 0);
  const minLevelN = options.minLevelN ?? DEFAULT_MIN_LEVEL_N;
  const levelOptions: LevelOptions = options.bins !== undefined ? { bins: options.bins } : {};
  // Touchpoint is coded even when it is not a driver: the adjustment needs it.
  const all = variables.includes(ADJUST_FOR) ? variables : [...variables, ADJUST_FOR];
  const codings: Coding[] = [];
  let next = 1;
  for (const v of all) {
    const c = code(v, rows, next, minLevelN, levelOptions);
    next += c.column.size;
    codings.push(c);
  }
  const cp = new CrossProducts(next);
  const groups = new Map<string, { active: number[]; n: number; sum: number; sumSquares: number }>();
  rows.forEach((r, i) => {
    const active = codings.flatMap((c) => {
      const col = c.column.get(c.levelOfRow[i] ?? '');
      return col === undefined ? [] : [col];
    });
    const key = active.join(',');
    const g = groups.get(key) ?? { active, n: 0, sum: 0, sumSquares: 0 };
    g.n += r.n;
    g.sum += r.sum;
    g.sumSquares += r.sumSquares;
    groups.set(key, g);
  });
  for (const g of groups.values()) cp.add(g.active, g.n, g.sum, g.sumSquares);

  const players = codings.filter((c) => variables.includes(c.variable));
  const k = players.length;
  const r2Of = new Float64Array(1 << k);
  for (let mask = 1; mask < 1 << k; mask++)
    r2Of[mask] = fitLeastSquares(cp, columnsOf(players.filter((_, i) => mask & (1 << i)))).r2;
  const fullMask = (1 << k) - 1;
  const full = fitLeastSquares(cp, columnsOf(players));
  const factorial = (m: number): number => (m <= 1 ? 1 : m * factorial(m - 1));
  const adjust = codings.find((c) => c.variable === ADJUST_FOR);

  const result = players.map((coding, i): MultivariableDriver => {
    let shapley = 0;
    for (let mask = 0; mask < 1 << k; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      const weight = (factorial(size) * factorial(k - size - 1)) / factorial(k);
      shapley += weight * ((r2Of[mask | (1 << i)] ?? 0) - (r2Of[mask] ?? 0));
    }
    const means = new Map<string, number>();
    const sums = new Map<string, number>();
    coding.levelOfRow.forEach((l, row) => sums.set(l, (sums.get(l) ?? 0) + (rows[row]?.sum ?? 0)));
    for (const [l, n] of coding.counts) means.set(l, (sums.get(l) ?? 0) / n);
    const levels =
      adjust && coding !== adjust
        ? adjustedLevels(cp, coding, adjust, means)
        : [...coding.counts].map(([level, n]) => {
            const mean = means.get(level) ?? 0;
            return { level, n, mean, adjustedMean: mean, low: null, high: null };
          });
    levels.sort(byAdjusted);
    const ranked = levels.filter((l) => l.adjustedMean !== null);
    return {
      variable: coding.variable,
      kind: coding.kind,
      shapley,
      shareOfExplained: full.r2 > 0 ? shapley / full.r2 : null,
      unique: Math.max(0, full.r2 - (r2Of[fullMask & ~(1 << i)] ?? 0)),
      levels,
      best: ranked.length >= 2 ? (ranked[0] ?? null) : null,
      worst: ranked.length >= 2 ? (ranked[ranked.length - 1] ?? null) : null,
    };
  });
  result.sort((a, b) => b.shapley - a.shapley || (a.variable < b.variable ? -1 : 1));
  const n = cp.n;
  return {
    n,
    r2: full.r2,
    r2Adjusted: n - full.rank > 0 && n > 1 ? 1 - ((1 - full.r2) * (n - 1)) / (n - full.rank) : null,
    drivers: result,
  };
}
