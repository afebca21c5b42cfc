import { MAX_PAIR_VARIABLES, rollupVariableNamed, type PairScope } from './variable-rollup.js';

/**
 * Which variables a site's pairwise rollups cross (var_pair_rollups, migration 025), from what its store holds:
 * the plan builds pair deltas of these only (plan/variable-rollup.ts), and the store registers a variable it
 * sees the first time by `crossesFirstSeen`. Dialect-neutral: each store reads the same three things.
 */

/** What a store holds of a site's pairwise rollups. */
export interface PairState {
  /** pair_variables: each variable seen with a value, and whether it is crossed */
  registered: ReadonlyMap<string, boolean>;
  /** rollup variables binned or scan only: their pairs are dropped */
  notOwn: ReadonlySet<string>;
  /** settings.pairVariables as the site stores it (device, trigger, var.<name>); null: the first ones seen */
  named: readonly string[] | null;
}

/** settings.pairVariables as rollup variables (`#device`, `segment`), or null when the site names none. */
export function namedPairVariables(named: readonly string[] | null | undefined): ReadonlySet<string> | null {
  return named === null || named === undefined ? null : new Set(named.map(rollupVariableNamed));
}

/**
 * Whether a variable seen with a value the first time is crossed: it is rolled up with its own levels
 * (`own`) and the site names it, or names none and has a slot left (`crossed` variables so far).
 */
export function crossesFirstSeen(
  variable: string,
  own: boolean,
  named: ReadonlySet<string> | null,
  crossed: number,
): boolean {
  return own && (named === null ? crossed < MAX_PAIR_VARIABLES : named.has(variable));
}

/**
 * The scope a write of the site plans with: a registered variable as registered, a new one as it would be
 * registered now (more may be registered before the write is stored, so a yes may still be dropped there;
 * a no never turns into a yes before the site's pair rollups are recounted).
 */
export function pairScope(state: PairState): PairScope {
  const named = namedPairVariables(state.named);
  let crossed = 0;
  for (const yes of state.registered.values()) if (yes) crossed++;
  return {
    crosses: (variable) => {
      if (state.notOwn.has(variable)) return false;
      return state.registered.get(variable) ?? crossesFirstSeen(variable, true, named, crossed);
    },
  };
}

/**
 * Whether settings.pairVariables changed what a site crosses (unset and null alike; order does not matter):
 * then its pairwise rollups are counted again from its responses (`rebuildPairs` of each store).
 */
export function pairVariablesChanged(
  before: readonly string[] | null | undefined,
  after: readonly string[] | null | undefined,
): boolean {
  const a = namedPairVariables(before);
  const b = namedPairVariables(after);
  if (a === null || b === null) return a !== b;
  return a.size !== b.size || [...a].some((v) => !b.has(v));
}
