/**
 * Turning a variable's raw values into levels for segments and drivers: text and booleans are categories;
 * numbers with many distinct values are binned (see binning.ts); missing values form their own level,
 * since who does not give a value is often a segment of its own (e.g. non-buyers have no bill value).
 */
import { binOf, binsOfEdges, DEFAULT_BIN_COUNT, quantileBinsOfCounts, type Bin } from './binning.js';

/** A variable's value as responses carry it. */
export type VarValue = string | number | boolean | null | undefined;

/** The level of respondents without a value. */
export const MISSING_LEVEL = '(missing)';
/** A numeric variable with at most this many distinct values (a tier 1–3, items in a cart) stays categorical. */
export const MAX_DISCRETE_NUMERIC_LEVELS = 6;

/**
 * A variable whose values are numbers except for at most this share of unparseable text ("n/a", "-") is
 * numeric all the same: a stray string is a missing value, not a reason to list every bill as a category.
 */
export const MAX_UNPARSEABLE_SHARE = 0.1;
/** Text that is a number as written ("12.5", "-3", "1e3"), read as that number. */
const NUMERIC_TEXT = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** How a variable was levelled. */
export type VariableKind = 'categorical' | 'numeric';

/** A variable's leveling: its kind, its bins when numeric, and the level of any value. */
export interface Leveling {
  kind: VariableKind;
  bins: Bin[];
  levelOf: (value: VarValue) => string;
  /** respondents whose value of a numeric variable could not be read as a number (counted as missing) */
  unparseable: number;
}

/** A value as a number: numbers as themselves, numeric text parsed; null for anything else. */
export function numberOf(value: VarValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return null;
}

/** Options of the leveling. */
export interface LevelOptions {
  /** bins for a numeric variable (default DEFAULT_BIN_COUNT) */
  bins?: number;
}

/** True for undefined, null, empty text and non-finite numbers. */
export function isMissing(value: VarValue): value is null | undefined | '' {
  return (
    value === undefined || value === null || value === '' || (typeof value === 'number' && !Number.isFinite(value))
  );
}

/** Decides how to level a variable from all its observed values. */
export function levelVariable(values: readonly VarValue[], options: LevelOptions = {}): Leveling {
  const counts = new Map<VarValue, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return levelVariableOfCounts(counts, options);
}

/** levelVariable over distinct values with how often each occurs: the same leveling as over the expanded list. */
export function levelVariableOfCounts(counts: ReadonlyMap<VarValue, number>, options: LevelOptions = {}): Leveling {
  const present = [...counts].filter(([v, c]) => c > 0 && !isMissing(v));
  const numbers = new Map<number, number>();
  let total = 0;
  let unparseable = 0;
  let hasNumber = false;
  for (const [v, c] of present) {
    total += c;
    const x = numberOf(v);
    if (x === null) unparseable += c;
    else numbers.set(x, (numbers.get(x) ?? 0) + c);
    if (typeof v === 'number') hasNumber = true;
  }
  // Numeric: real numbers among the values, many distinct ones, and unparseable text only a stray share.
  const numeric =
    hasNumber && numbers.size > MAX_DISCRETE_NUMERIC_LEVELS && unparseable <= MAX_UNPARSEABLE_SHARE * total;
  if (numeric) {
    const bins = quantileBinsOfCounts(numbers, options.bins ?? DEFAULT_BIN_COUNT);
    return {
      kind: 'numeric',
      bins,
      unparseable,
      levelOf: (v) => {
        const x = isMissing(v) ? null : numberOf(v);
        return x === null ? MISSING_LEVEL : binOf(bins, x).label;
      },
    };
  }
  return {
    kind: 'categorical',
    bins: [],
    unparseable: 0,
    levelOf: (v) => (isMissing(v) ? MISSING_LEVEL : String(v)),
  };
}

/**
 * A numeric variable already counted in bins of fixed edges (the variable rollups' stored edges): its values
 * are bin labels, null for respondents without a value or with one no number reads from (`unparseable` of them).
 */
export interface FixedBins {
  /** the finite cut points, ascending */
  edges: readonly number[];
  unparseable: number;
}

/** The leveling of a variable counted in fixed bins: each value is its bin's label, null the missing level. */
export function fixedLeveling(fixed: FixedBins): Leveling {
  return {
    kind: 'numeric',
    bins: binsOfEdges(fixed.edges),
    unparseable: fixed.unparseable,
    levelOf: (v) => (isMissing(v) ? MISSING_LEVEL : String(v)),
  };
}

/** Orders level labels for display: bins in bin order, categories by n (high first) then name; missing last. */
export function compareLevels(
  leveling: Leveling,
  counts: ReadonlyMap<string, number>,
): (a: string, b: string) => number {
  const binIndex = new Map(leveling.bins.map((b, i) => [b.label, i]));
  return (a: string, b: string): number => {
    if (a === MISSING_LEVEL || b === MISSING_LEVEL)
      return (a === MISSING_LEVEL ? 1 : 0) - (b === MISSING_LEVEL ? 1 : 0);
    if (leveling.kind === 'numeric') return (binIndex.get(a) ?? 0) - (binIndex.get(b) ?? 0);
    const byN = (counts.get(b) ?? 0) - (counts.get(a) ?? 0);
    return byN !== 0 ? byN : a < b ? -1 : a > b ? 1 : 0;
  };
}
