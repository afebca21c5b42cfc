/**
 * The moments a multivariable driver model needs, and nothing more: the respondents' n, Σ score and Σ score²;
 * per variable, each present value's n and Σ score; per two variables, how many respondents have each pair of
 * present values. X′X, X′y and y′y over any dummy coding of the variables (levels decided from the values'
 * counts, pooled, binned) are sums of these, so the model fits from them whether they were added up from
 * respondent rows or read from rollups (score, variable and pairwise rollups; issue #14).
 *
 * "Present" is a value other than null or undefined (the rollups keep no row for those: JSON `null`); the
 * respondents without one are derived as the total minus the present ones, per variable and per pair.
 */
import type { VarValue } from './levels.js';

/** n and Σ score of the respondents with one value. */
export interface ValueSums {
  n: number;
  sum: number;
}

/** The sufficient statistics of a multivariable driver model over `variables`. */
export interface DriverMoments {
  n: number;
  sum: number;
  sumSquares: number;
  /** variable → present value → its respondents' n and Σ score */
  margins: Map<string, Map<VarValue, ValueSums>>;
  /**
   * How many respondents have value x of `a` and value y of `b` (both present), for a pair of variables;
   * `pair(a, b)` and `pair(b, a)` are the same counts transposed. Empty when none co-occur.
   */
  pair: (a: string, b: string) => Iterable<[VarValue, VarValue, number]>;
}

/** Absent values: a respondent without a value of the variable. */
export const isAbsent = (v: VarValue): v is null | undefined => v === null || v === undefined;

/** Two-level count table of a pair of variables, present values only. */
export type PairTable = Map<VarValue, Map<VarValue, number>>;

/** Adds `count` to the table's (x, y) entry. */
export function addPair(table: PairTable, x: VarValue, y: VarValue, count: number): void {
  let row = table.get(x);
  if (!row) table.set(x, (row = new Map()));
  row.set(y, (row.get(y) ?? 0) + count);
}

/** A `pair` reader over tables kept for (a, b) with a before b in `order`. */
export function pairReader(
  tables: Map<string, PairTable>,
  order: readonly string[],
): (a: string, b: string) => Iterable<[VarValue, VarValue, number]> {
  const index = new Map(order.map((v, i) => [v, i]));
  return function* (a, b) {
    const flip = (index.get(a) ?? 0) > (index.get(b) ?? 0);
    const table = tables.get(flip ? pairName(b, a) : pairName(a, b));
    if (!table) return;
    for (const [x, row] of table) for (const [y, n] of row) yield flip ? [y, x, n] : [x, y, n];
  };
}

/** The key of a pair of variables in a table map. */
export const pairName = (a: string, b: string): string => `${a}\u0000${b}`;

/** Adds a cell's value sums to a variable's margin. */
function addMargin(margin: Map<VarValue, ValueSums>, v: VarValue, n: number, sum: number): void {
  const m = margin.get(v);
  if (m) {
    m.n += n;
    m.sum += sum;
  } else margin.set(v, { n, sum });
}

/** The moments of cells of respondents (each: one value of every variable, with n, Σ score, Σ score²). */
export function momentsOfCells(
  cells: readonly { vars: Readonly<Record<string, VarValue>>; n: number; sum: number; sumSquares: number }[],
  variables: readonly string[],
): DriverMoments {
  const margins = new Map(variables.map((v) => [v, new Map<VarValue, ValueSums>()]));
  const tables = new Map<string, PairTable>();
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const c of cells) {
    if (c.n === 0) continue;
    n += c.n;
    sum += c.sum;
    sumSquares += c.sumSquares;
    for (let i = 0; i < variables.length; i++) {
      const a = variables[i] as string;
      const x = c.vars[a];
      if (isAbsent(x)) continue;
      addMargin(margins.get(a) as Map<VarValue, ValueSums>, x, c.n, c.sum);
      for (let j = i + 1; j < variables.length; j++) {
        const b = variables[j] as string;
        const y = c.vars[b];
        if (isAbsent(y)) continue;
        const name = pairName(a, b);
        let table = tables.get(name);
        if (!table) tables.set(name, (table = new Map()));
        addPair(table, x, y, c.n);
      }
    }
  }
  return { n, sum, sumSquares, margins, pair: pairReader(tables, variables) };
}
