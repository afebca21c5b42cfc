import type { RespondentRow, ValueCounts, VariableCountQuery, VariableCounts } from '../store.js';

/** A variable's or column's value. */
type Value = ValueCounts['value'];

/** value (as JSON) → [value, answer → count] */
type Tally = Map<string, [Value, Map<number, number>]>;

function bump(t: Tally, value: Value, answers: readonly number[]): void {
  const key = JSON.stringify(value);
  let entry = t.get(key);
  if (!entry) t.set(key, (entry = [value, new Map()]));
  for (const a of answers) entry[1].set(a, (entry[1].get(a) ?? 0) + 1);
}

const toValueCounts = (t: Tally): ValueCounts[] =>
  [...t.values()].map(([value, counts]) => ({
    value,
    answers: [...counts].filter(([, n]) => n !== 0).sort((a, b) => a[0] - b[0]),
  }));

/**
 * Segments and drivers as counts, tallied from the respondent rows of the same query: each scored answer
 * counted once by (value, answer) per column and per variable. With `variables: 'all'`, a respondent
 * without a variable counts under its null value.
 */
export function tallyVariableCounts(rows: readonly RespondentRow[], q: VariableCountQuery): VariableCounts {
  const named = q.variables === 'all' ? null : q.variables;
  const total: Tally = new Map();
  const columns = q.columns.map((): Tally => new Map());
  const vars = new Map<string, Tally>((named ?? []).map((name) => [name, new Map()]));
  if (!named)
    for (const r of rows) for (const name of Object.keys(r.vars)) if (!vars.has(name)) vars.set(name, new Map());
  for (const r of rows) {
    const answers = Object.values(r.answers);
    bump(total, null, answers);
    q.columns.forEach((name, i) => bump(columns[i] as Tally, r[name] ?? null, answers));
    for (const [name, t] of vars) bump(t, name in r.vars ? (r.vars[name] ?? null) : null, answers);
  }
  const everyone = total.get('null');
  return {
    total: everyone ? toValueCounts(new Map([['null', everyone]])).flatMap((v) => v.answers) : [],
    columns: q.columns.map((name, i) => ({ name, values: toValueCounts(columns[i] as Tally) })),
    vars: [...vars].map(([name, t]) => ({ name, values: toValueCounts(t) })),
    source: 'scan',
  };
}
