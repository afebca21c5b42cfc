import { binIndexOf, binsOfEdges } from '../scoring/binning.js';
import { isMissing, numberOf } from '../scoring/levels.js';
import { decodeBinnedLevel } from './plan/variable-bins.js';
import { DEVICE_VARIABLE, TRIGGER_VARIABLE } from './plan/variable-rollup.js';
import type { RespondentColumn, ValueCounts, VariableCountQuery, VariableCounts } from './store.js';

/**
 * Segments and drivers from the variable rollups (plan/variable-rollup.ts), dialect-neutral: which queries
 * the rollups can answer, and the VariableCounts a store's grouped rollup rows make. Each store reads the
 * rows with its own SQL; the counts are those the scan (variable-counts.ts) tallies from the responses.
 */

/** Columns score_rollups holds as its own key. */
const KEY_COLUMNS = new Set<RespondentColumn>(['touchpoint', 'channel', 'survey']);

/** The rollup variable of a built-in column kept in var_rollups. */
export const columnVariable = (column: RespondentColumn): string | null =>
  column === 'device' ? DEVICE_VARIABLE : column === 'trigger' ? TRIGGER_VARIABLE : null;

/** What a rollup read needs: var_rollups variables (null: every variable of the site) and key columns. */
export interface RollupPlan {
  /** var_rollups variables to read; 'all' adds every `var.*` variable */
  variables: string[];
  all: boolean;
  keyColumns: RespondentColumn[];
}

/**
 * The rollup read of `q`, or null when only a scan can answer it: a receipt filter, a `var.*` filter (a
 * variable crossed with another), no question type (the rollups count answers by their type at arrival).
 */
export function rollupPlanOf(q: VariableCountQuery): RollupPlan | null {
  if (q.verified !== undefined || q.qtype === undefined || q.rawValues === true) return null;
  if (q.vars && Object.keys(q.vars).length > 0) return null;
  const keyColumns = q.columns.filter((c) => KEY_COLUMNS.has(c));
  const variables = q.columns.flatMap((c) => columnVariable(c) ?? []);
  if (q.variables !== 'all') variables.push(...q.variables);
  return { variables, all: q.variables === 'all', keyColumns };
}

/** A grouped rollup row: a key (a column's value, or a variable's level as JSON text), a value, a count. */
export interface GroupedRow {
  key: string;
  value: number;
  count: number;
}

/** A grouped var_rollups row. */
export interface VariableRow extends GroupedRow {
  variable: string;
}

/** Counts of each answer. */
type Counts = Map<number, number>;

function add(to: Counts, value: number, count: number): void {
  to.set(value, (to.get(value) ?? 0) + count);
}

const pairsOf = (c: Counts): [number, number][] => [...c].filter(([, n]) => n !== 0).sort((a, b) => a[0] - b[0]);

/** Counts per answer of rows grouped by key. */
function valuesOf(rows: readonly GroupedRow[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const r of rows) {
    let c = out.get(r.key);
    if (!c) out.set(r.key, (c = new Map()));
    add(c, Number(r.value), Number(r.count));
  }
  return out;
}

/** A variable's levels with respondents without it (total minus those counted) under null, as the scan does. */
function withMissing(levels: Map<string, Counts>, total: Counts): ValueCounts[] {
  const missing = new Map(total);
  for (const c of levels.values()) for (const [v, n] of c) add(missing, v, -n);
  if (pairsOf(missing).length > 0) {
    const own = levels.get('null') ?? new Map<number, number>();
    for (const [v, n] of missing) add(own, v, n);
    levels.set('null', own);
  }
  return [...levels].map(([level, c]) => ({ value: JSON.parse(level) as ValueCounts['value'], answers: pairsOf(c) }));
}

/**
 * The VariableCounts of `q` from grouped rollup rows: `total` (score_rollups by value), `columns`
 * (score_rollups by each key column), `variables` (var_rollups by variable and level) and the stored cut
 * points of the site's binned variables (`edges`).
 */
export function countsOfRollups(
  q: VariableCountQuery,
  total: readonly GroupedRow[],
  columns: ReadonlyMap<RespondentColumn, readonly GroupedRow[]>,
  variables: readonly VariableRow[],
  edges: ReadonlyMap<string, readonly number[]> = new Map(),
): VariableCounts {
  const everyone: Counts = new Map();
  for (const r of total) add(everyone, Number(r.value), Number(r.count));
  const byVariable = new Map<string, VariableRow[]>();
  if (q.variables !== 'all') for (const name of q.variables) byVariable.set(name, []);
  for (const r of variables) {
    const list = byVariable.get(r.variable);
    if (list) list.push(r);
    else byVariable.set(r.variable, [r]);
  }
  const levelsOf = (variable: string) => withMissing(valuesOf(byVariable.get(variable) ?? []), everyone);
  return {
    total: pairsOf(everyone),
    columns: q.columns.map((name) => {
      const variable = columnVariable(name);
      if (variable !== null) return { name, values: levelsOf(variable) };
      const values = valuesOf(columns.get(name) ?? []);
      return { name, values: [...values].map(([key, c]) => ({ value: key, answers: pairsOf(c) })) };
    }),
    vars: [...byVariable.keys()]
      .filter((name) => !name.startsWith('#'))
      .map((name) => {
        const cuts = edges.get(name);
        if (cuts === undefined) return { name, values: levelsOf(name) };
        const binned = binnedRows(byVariable.get(name) ?? [], cuts);
        const values = withMissing(valuesOf(binned.rows), everyone);
        return { name, values: inBinOrder(values, cuts), bins: { edges: [...cuts], unparseable: binned.unparseable } };
      }),
    source: 'rollup',
  };
}

/** A binned variable's rows keyed by their bin's label (JSON text), '#unparseable' counted under null. */
function binnedRows(rows: readonly VariableRow[], cuts: readonly number[]) {
  const labels = binsOfEdges(cuts).map((b) => JSON.stringify(b.label));
  let unparseable = 0;
  const out = rows.map((r) => {
    const level = decodeBinnedLevel(r.key);
    if (level === 'unparseable') unparseable += Number(r.count);
    return { ...r, key: typeof level === 'number' ? (labels[level] ?? 'null') : 'null' };
  });
  return { rows: out, unparseable };
}

/** Binned values in the order of their bins, the missing level (null) last. */
function inBinOrder(values: ValueCounts[], cuts: readonly number[]): ValueCounts[] {
  const order = new Map(binsOfEdges(cuts).map((b, i) => [b.label, i]));
  const rank = (v: ValueCounts) => (v.value === null ? order.size : (order.get(String(v.value)) ?? order.size));
  return [...values].sort((a, b) => rank(a) - rank(b));
}

/** A scan's counts with each variable that has stored cut points counted in its bins, as the rollups do. */
export function binScan(counts: VariableCounts, edges: ReadonlyMap<string, readonly number[]>): VariableCounts {
  if (edges.size === 0) return counts;
  return {
    ...counts,
    vars: counts.vars.map((v) => {
      const cuts = edges.get(v.name);
      return cuts === undefined ? v : { name: v.name, ...binValueCounts(v.values, cuts) };
    }),
  };
}

/**
 * A scanned variable's raw values counted in the bins of stored cut points, as its rollups count them:
 * each bin's label, null for no value or one no number reads from (`unparseable` of those).
 */
export function binValueCounts(
  values: readonly ValueCounts[],
  cuts: readonly number[],
): Pick<VariableCounts['vars'][number], 'values' | 'bins'> {
  const labels = binsOfEdges(cuts).map((b) => JSON.stringify(b.label));
  let unparseable = 0;
  const rows: GroupedRow[] = [];
  for (const v of values) {
    const x = isMissing(v.value) ? null : numberOf(v.value);
    const n = v.answers.reduce((sum, [, c]) => sum + c, 0);
    if (x === null && !isMissing(v.value)) unparseable += n;
    const key = x === null ? 'null' : (labels[binIndexOf(cuts, x)] ?? 'null');
    for (const [value, count] of v.answers) rows.push({ key, value, count });
  }
  const binned = [...valuesOf(rows)].map(([level, c]) => ({
    value: JSON.parse(level) as ValueCounts['value'],
    answers: pairsOf(c),
  }));
  return { values: inBinOrder(binned, cuts), bins: { edges: [...cuts], unparseable } };
}
