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
import { momentsOfCells, pairName, type DriverMoments, type ValueSums } from './driver-moments.js';
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
  /** the level of a present value */
  levelOf: (value: VarValue) => string;
  /** the level of respondents without a value (`(missing)`, or `(other)` when pooled) */
  absent: string;
  /** level → column (the reference level has none) */
  column: Map<string, number>;
  reference: string;
  /** level → n */
  counts: Map<string, number>;
  /** level → Σ score */
  sums: Map<string, number>;
}

/** Dummy-codes one variable from column `first` on; small levels pooled, the most common the reference. */
function code(
  variable: string,
  moments: DriverMoments,
  first: number,
  minLevelN: number,
  options: LevelOptions,
): Coding {
  const margin = moments.margins.get(variable) ?? new Map<VarValue, ValueSums>();
  let presentN = 0;
  let presentSum = 0;
  const valueCounts = new Map<VarValue, number>();
  for (const [v, s] of margin) {
    presentN += s.n;
    presentSum += s.sum;
    valueCounts.set(v, s.n);
  }
  const absentN = moments.n - presentN;
  const absentSum = moments.sum - presentSum;
  const leveling = levelVariableOfCounts(valueCounts, options);
  const rawCounts = new Map<string, number>();
  const addRaw = (l: string, n: number) => rawCounts.set(l, (rawCounts.get(l) ?? 0) + n);
  for (const [v, s] of margin) addRaw(leveling.levelOf(v), s.n);
  if (absentN > 0) addRaw(leveling.levelOf(null), absentN);
  const pooled = (raw: string) => ((rawCounts.get(raw) ?? 0) < minLevelN ? OTHER_LEVEL : raw);
  const levelOf = (v: VarValue) => pooled(leveling.levelOf(v));
  const absent = levelOf(null);
  const counts = new Map<string, number>();
  const sums = new Map<string, number>();
  const add = (l: string, n: number, sum: number) => {
    counts.set(l, (counts.get(l) ?? 0) + n);
    sums.set(l, (sums.get(l) ?? 0) + sum);
  };
  for (const [v, s] of margin) add(levelOf(v), s.n, s.sum);
  if (absentN > 0) add(absent, absentN, absentSum);
  for (const [l, n] of counts) if (n === 0) counts.delete(l);
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const reference = ordered[0]?.[0] ?? '';
  const column = new Map(ordered.slice(1).map(([level], i) => [level, first + i]));
  return { variable, kind: leveling.kind, levelOf, absent, column, reference, counts, sums };
}

/**
 * How many respondents have each (level of `a`, level of `b`), absent values included: the present pairs as
 * counted, the rest derived from the margins (a value of `a` without one of `b` is its n minus its pairs).
 */
function crossCounts(moments: DriverMoments, a: Coding, b: Coding): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (x: string, y: string, n: number) => {
    if (n === 0) return;
    let row = out.get(x);
    if (!row) out.set(x, (row = new Map()));
    row.set(y, (row.get(y) ?? 0) + n);
  };
  const rowPaired = new Map<VarValue, number>();
  const colPaired = new Map<VarValue, number>();
  let both = 0;
  for (const [x, y, n] of moments.pair(a.variable, b.variable)) {
    add(a.levelOf(x), b.levelOf(y), n);
    rowPaired.set(x, (rowPaired.get(x) ?? 0) + n);
    colPaired.set(y, (colPaired.get(y) ?? 0) + n);
    both += n;
  }
  let presentA = 0;
  for (const [x, s] of moments.margins.get(a.variable) ?? []) {
    presentA += s.n;
    add(a.levelOf(x), b.absent, s.n - (rowPaired.get(x) ?? 0));
  }
  let presentB = 0;
  for (const [y, s] of moments.margins.get(b.variable) ?? []) {
    presentB += s.n;
    add(a.absent, b.levelOf(y), s.n - (colPaired.get(y) ?? 0));
  }
  add(a.absent, b.absent, moments.n - presentA - presentB + both);
  return out;
}

/** The columns of a set of codings. */
const columnsOf = (codings: readonly Coding[]): number[] => codings.flatMap((c) => [...c.column.values()]);

/** Levels of `target` adjusted for the fixed effects of `adjust`, from a fit holding both. */
function adjustedLevels(
  cp: CrossProducts,
  target: Coding,
  adjust: Coding,
  cross: Map<string, Map<string, number>>,
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
    [...cross].flatMap(([level, row]) => [...row.keys()].map((other) => [level, other] as const)),
    target.reference,
  );
  return [...target.counts].map(([level, n]) => {
    const e = linked.has(level) ? estimate(level) : null;
    return {
      level,
      n,
      mean: (target.sums.get(level) ?? 0) / n,
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
  for (const c of input)
    if (!Number.isFinite(c.sum) || !Number.isFinite(c.sumSquares) || !(c.n >= 0))
      throw new RangeError(`driver cells must hold finite sums and a count, got ${c.n}, ${c.sum}`);
  return multivariableDriversOfMoments(momentsOfCells(input, modelVariables(options.variables)), options);
}

/** The variables a model codes: its drivers, and touchpoint (the adjustment needs it) when not one of them. */
export function modelVariables(drivers: readonly string[]): string[] {
  const variables = [...new Set(drivers)];
  return variables.includes(ADJUST_FOR) ? variables : [...variables, ADJUST_FOR];
}

/**
 * The multivariable driver model from its moments (`modelVariables(options.variables)` all in them): the
 * same model whether the moments were added up from respondent rows or read from rollups.
 */
export function multivariableDriversOfMoments(
  moments: DriverMoments,
  options: MultivariableOptions,
): MultivariableDrivers {
  const variables = [...new Set(options.variables)];
  if (variables.length > MAX_SHAPLEY_DRIVERS)
    throw new RangeError(`at most ${MAX_SHAPLEY_DRIVERS} drivers in the multivariable model, got ${variables.length}`);
  const minLevelN = options.minLevelN ?? DEFAULT_MIN_LEVEL_N;
  const levelOptions: LevelOptions = options.bins !== undefined ? { bins: options.bins } : {};
  const all = modelVariables(variables);
  const codings: Coding[] = [];
  let next = 1;
  for (const v of all) {
    const c = code(v, moments, next, minLevelN, levelOptions);
    next += c.column.size;
    codings.push(c);
  }
  // X′X, X′y, y′y: each column's n and Σ score, and for columns of two variables their co-occurrences.
  const cp = new CrossProducts(next);
  cp.n = moments.n;
  cp.yty = moments.sumSquares;
  cp.set(INTERCEPT, INTERCEPT, moments.n);
  cp.xty[INTERCEPT] = moments.sum;
  for (const c of codings)
    for (const [level, col] of c.column) {
      const n = c.counts.get(level) ?? 0;
      cp.set(INTERCEPT, col, n);
      cp.set(col, INTERCEPT, n);
      cp.set(col, col, n);
      cp.xty[col] = c.sums.get(level) ?? 0;
    }
  const crosses = new Map<string, Map<string, Map<string, number>>>();
  codings.forEach((a, i) =>
    codings.slice(i + 1).forEach((b) => {
      const cross = crossCounts(moments, a, b);
      crosses.set(pairName(a.variable, b.variable), cross);
      for (const [x, row] of cross) {
        const ca = a.column.get(x);
        if (ca === undefined) continue;
        for (const [y, n] of row) {
          const cb = b.column.get(y);
          if (cb === undefined) continue;
          cp.set(ca, cb, n);
          cp.set(cb, ca, n);
        }
      }
    }),
  );
  /** The cross counts of `target`'s levels (rows) by `other`'s. */
  const crossOf = (target: Coding, other: Coding): Map<string, Map<string, number>> => {
    const direct = crosses.get(pairName(target.variable, other.variable));
    if (direct) return direct;
    const out = new Map<string, Map<string, number>>();
    for (const [y, row] of crosses.get(pairName(other.variable, target.variable)) ?? [])
      for (const [x, n] of row) {
        let r = out.get(x);
        if (!r) out.set(x, (r = new Map()));
        r.set(y, n);
      }
    return out;
  };

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
    const levels =
      adjust && coding !== adjust
        ? adjustedLevels(cp, coding, adjust, crossOf(coding, adjust))
        : [...coding.counts].map(([level, n]) => {
            const mean = (coding.sums.get(level) ?? 0) / n;
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
