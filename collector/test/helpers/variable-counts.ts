import type { ValueCounts, VariableCounts } from '../../src/store/store.js';

/** Counts with each column's and variable's values in one order (a scan lists them as it meets them). */
export function inValueOrder(c: VariableCounts): VariableCounts {
  const order = (values: ValueCounts[]) =>
    [...values].sort((a, b) => JSON.stringify(a.value).localeCompare(JSON.stringify(b.value)));
  return {
    ...c,
    columns: c.columns.map((col) => ({ ...col, values: order(col.values) })),
    vars: c.vars.map((v) => ({ ...v, values: order(v.values) })),
  };
}
