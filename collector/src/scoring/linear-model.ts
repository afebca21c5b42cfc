/**
 * Ordinary least squares over 0/1 (dummy-coded) design columns, from sufficient statistics.
 *
 * Respondents with the same design row are added as one group (n, Σy, Σy²), so a fit over a million
 * respondents costs as much as one over their distinct level combinations. X'X, X'y and y'y are kept;
 * any subset of columns is then fitted by Goodnight's sweep operator (Goodnight 1979, The American
 * Statistician 33:149–158), which yields the coefficients, the residual sum of squares and (X'X)⁻¹ for the
 * standard errors. A column that is a linear combination of the columns swept before it (a channel only
 * ever seen at one touchpoint, when touchpoints are in the model) is aliased: left out, its coefficient null.
 */

/** Column 0 is the intercept: every observation has it. */
export const INTERCEPT = 0;
/**
 * A pivot this small relative to its column's own sum of squares means the column is (numerically) a
 * combination of the ones already swept.
 */
const ALIAS_TOLERANCE = 1e-9;

/** X'X, X'y, y'y and n of a 0/1 design, built group by group. */
export class CrossProducts {
  /** p × p, row-major */
  readonly xtx: Float64Array;
  readonly xty: Float64Array;
  yty = 0;
  n = 0;

  /** `p` columns, the intercept (column 0) included. */
  constructor(readonly p: number) {
    this.xtx = new Float64Array(p * p);
    this.xty = new Float64Array(p);
  }

  /**
   * Adds `count` observations whose design row is 1 in the intercept and in `active` (distinct column
   * indices ≥ 1), 0 elsewhere, with the sum and the sum of squares of their y.
   */
  add(active: readonly number[], count: number, sum: number, sumSquares: number): void {
    if (count <= 0) return;
    const cols = [INTERCEPT, ...active];
    for (const i of cols) {
      if (!Number.isInteger(i) || i < 0 || i >= this.p)
        throw new RangeError(`design column ${i} out of 0..${this.p - 1}`);
      this.xty[i] = (this.xty[i] ?? 0) + sum;
      for (const j of cols) this.xtx[i * this.p + j] = (this.xtx[i * this.p + j] ?? 0) + count;
    }
    this.yty += sumSquares;
    this.n += count;
  }

  /** Sets Σ column i × column j outright (moments summed elsewhere, e.g. from rollups). */
  set(i: number, j: number, value: number): void {
    this.xtx[i * this.p + j] = value;
  }

  /** Σ over observations of column i × column j (for 0/1 columns: how many have both). */
  at(i: number, j: number): number {
    return this.xtx[i * this.p + j] ?? 0;
  }

  /** Σy. */
  get sumY(): number {
    return this.xty[INTERCEPT] ?? 0;
  }

  /** Σ(y − ȳ)². */
  get totalSumOfSquares(): number {
    return this.n === 0 ? 0 : Math.max(0, this.yty - this.sumY ** 2 / this.n);
  }
}

/** The least-squares fit of y on the intercept and some columns. */
export interface LeastSquaresFit {
  /** the columns fitted, the intercept first */
  columns: number[];
  /** coefficient per entry of `columns`; null where the column is aliased */
  coefficients: (number | null)[];
  /** residual sum of squares */
  rss: number;
  /** 1 − RSS/TSS; 0 when y does not vary */
  r2: number;
  /** non-aliased columns */
  rank: number;
  /** n − rank */
  dfResidual: number;
  /** RSS / dfResidual; null without residual degrees of freedom */
  sigma2: number | null;
  /** the covariance of two fitted coefficients (σ² (X'X)⁻¹), by position in `columns`; null if either is aliased */
  covariance: (a: number, b: number) => number | null;
}

/** Fits y on the intercept and `columns` (intercept added when missing; duplicates ignored). */
export function fitLeastSquares(cp: CrossProducts, columns: readonly number[]): LeastSquaresFit {
  const cols = [INTERCEPT, ...new Set(columns.filter((c) => c !== INTERCEPT))];
  const k = cols.length;
  // The augmented matrix [X'X X'y; y'X y'y] over the chosen columns; index k is y.
  const size = k + 1;
  const a = new Float64Array(size * size);
  for (let i = 0; i < k; i++) {
    const ci = cols[i] ?? 0;
    for (let j = 0; j < k; j++) a[i * size + j] = cp.at(ci, cols[j] ?? 0);
    a[i * size + k] = cp.xty[ci] ?? 0;
    a[k * size + i] = cp.xty[ci] ?? 0;
  }
  a[k * size + k] = cp.yty;
  const swept = new Array<boolean>(k).fill(false);
  for (let p = 0; p < k; p++) {
    const original = cp.at(cols[p] ?? 0, cols[p] ?? 0);
    const d = a[p * size + p] ?? 0;
    if (original <= 0 || d <= ALIAS_TOLERANCE * original) continue;
    sweep(a, size, p);
    swept[p] = true;
  }
  const rank = swept.filter(Boolean).length;
  const tss = cp.totalSumOfSquares;
  const rss = Math.max(0, a[k * size + k] ?? 0);
  const dfResidual = cp.n - rank;
  const sigma2 = dfResidual > 0 ? rss / dfResidual : null;
  return {
    columns: cols,
    coefficients: cols.map((_, i) => (swept[i] ? (a[i * size + k] ?? 0) : null)),
    rss,
    // Clip: when y is fully explained, rounding can leave RSS a hair above 0 or TSS.
    r2: tss > 0 ? Math.min(1, Math.max(0, 1 - rss / tss)) : 0,
    rank,
    dfResidual,
    sigma2,
    covariance: (i, j) => (sigma2 === null || !swept[i] || !swept[j] ? null : sigma2 * (a[i * size + j] ?? 0)),
  };
}

/** Goodnight's sweep of pivot p: afterwards the swept block holds its inverse and column y the coefficients. */
function sweep(a: Float64Array, size: number, p: number): void {
  const d = a[p * size + p] ?? 0;
  for (let j = 0; j < size; j++) a[p * size + j] = (a[p * size + j] ?? 0) / d;
  for (let i = 0; i < size; i++) {
    if (i === p) continue;
    const b = a[i * size + p] ?? 0;
    if (b === 0) continue;
    for (let j = 0; j < size; j++) a[i * size + j] = (a[i * size + j] ?? 0) - b * (a[p * size + j] ?? 0);
    a[i * size + p] = -b / d;
  }
  a[p * size + p] = 1 / d;
}

/**
 * The levels of one factor linked to `start` through a second factor (two levels are linked when some
 * level of the other factor is seen with both, directly or by a chain): with the other factor's fixed
 * effects in the model, only linked levels can be compared (the connected set of a two-way layout).
 */
export function linkedLevels(pairs: Iterable<readonly [string, string]>, start: string): Set<string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const levels = new Set<string>();
  for (const [level, other] of pairs) {
    levels.add(level);
    const a = find(`l\u0000${level}`);
    const b = find(`o\u0000${other}`);
    if (a !== b) parent.set(a, b);
  }
  const root = find(`l\u0000${start}`);
  return new Set([...levels].filter((l) => find(`l\u0000${l}`) === root));
}
