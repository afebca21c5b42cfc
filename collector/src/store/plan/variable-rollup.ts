import { DEFAULT_ROLLUP_LEVEL_CAP, MAX_PAIR_VARIABLES as MAX_PAIR_VARIABLES_SETTING } from '@touchpoint/shared';
/**
 * Variable rollups (issue #14, "fast at a chain's volume"): per site, day, survey, touchpoint, channel and
 * scored question, how many respondents gave each answer value, per (variable, level). The same
 * sufficient statistics as score_rollups (counts per score value), so segments, `var.*` filters and the
 * η²/ε² driver screen can be computed from them exactly, instead of scanning the window's responses.
 *
 * A level is the JSON text of the value as stored (`"gold"`, `2`, `true`, `null`), so `2` and `"2"` stay
 * apart, as they do in a scan. The built-in columns device and trigger roll up as the variables `#device`
 * and `#trigger` (a `#` no `var.*` name can start with). A variable whose levels exceed
 * the site's cap (settings.rollupLevelCap, default MAX_ROLLUP_LEVELS) is binned when numeric
 * (plan/variable-bins.ts), else stops being rolled up there ("scan only"): the store drops its rows and
 * answers it with the exact scan from then on.
 */

/** Distinct levels a variable may have on a site and still be rolled up, unless its settings say otherwise. */
export const MAX_ROLLUP_LEVELS = DEFAULT_ROLLUP_LEVEL_CAP;
/** The rollup variable of the `device` column. */
export const DEVICE_VARIABLE = '#device';
/** The rollup variable of the `trigger` column. */
export const TRIGGER_VARIABLE = '#trigger';

/** The rollup variable of a built-in column or `var.*` name. */
export const rollupVariableOf = (column: 'device' | 'trigger'): string =>
  column === 'device' ? DEVICE_VARIABLE : TRIGGER_VARIABLE;

/** The rollup variable of a name as the API and settings.pairVariables spell it: device, trigger or var.<name>. */
export const rollupVariableNamed = (name: string): string =>
  name === 'device' ? DEVICE_VARIABLE : name === 'trigger' ? TRIGGER_VARIABLE : name.slice('var.'.length);

/** A change of one var_rollups row: `count` more (or fewer) answers `value` to `question` with this level. */
export interface VarDelta {
  /** identifies the row (site, day, survey, touchpoint, channel, question, qtype, variable, level, value) */
  key: string;
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  question: string;
  qtype: string;
  variable: string;
  /** JSON text of the value */
  level: string;
  value: number;
  count: number;
  /**
   * Set on a pairwise delta (var_pair_rollups, migration 025): `count` more answers with this level of
   * `variable` and `pair.level` of `pair.variable` (touchpoint and channel '', value 0: not part of its key).
   */
  pair?: { variable: string; level: string };
}

/**
 * Variables per site that the pairwise rollups cross (the first ones written there not scan only nor binned,
 * device and trigger usually among them, unless the site names its own: settings.pairVariables): a response
 * writes at most C(12, 2) = 66 pair rows per scored answer. The store tells the plan which variables its site
 * crosses (a PairScope), so no delta is built for a pair the store would drop.
 */
export const MAX_PAIR_VARIABLES = MAX_PAIR_VARIABLES_SETTING;

/**
 * Which variables of a site the pairwise rollups cross, as its store knows them when it plans a write
 * (plan/pair-scope.ts). It may say yes for a variable the store then drops (one first seen in this
 * transaction), never no for one the store keeps.
 */
export interface PairScope {
  /** false when the store would drop every pair with this rollup variable */
  crosses(variable: string): boolean;
}

/** The scope of a store that says nothing: a delta for every pair, the store drops those it does not cross. */
export const EVERY_PAIR: PairScope = { crosses: () => true };

/** What a response's variables are, for its rollup deltas. */
export interface VariableSource {
  device: string | null;
  trigger: string | null;
  vars: Readonly<Record<string, unknown>>;
}

/** One scored answer, as the score deltas carry it. */
export interface ScoredAnswer {
  /** the score delta's key: the variable's key extends it */
  key: string;
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  question: string;
  qtype: string;
  value: number;
  count: number;
}

/** Between the parts of a delta's key: a character no id or JSON text contains unescaped. */
const SEP = '\u0000';
/** Marks a pairwise delta's key apart from the variable deltas'. */
const PAIR = '\u0001';

/** The (variable, level) pairs of a response: device, trigger and each variable it carries. */
export function levelsOf(row: VariableSource): [string, string][] {
  const out: [string, string][] = [
    [DEVICE_VARIABLE, JSON.stringify(row.device ?? null)],
    [TRIGGER_VARIABLE, JSON.stringify(row.trigger ?? null)],
  ];
  for (const [name, value] of Object.entries(row.vars)) out.push([name, JSON.stringify(value ?? null)]);
  return out;
}

/**
 * The var_rollups changes of a response's scored answers (`scores`, already signed), and the pairwise ones of
 * the variables `pairs` says its site crosses.
 */
export function variableDeltas(
  row: VariableSource,
  scores: readonly ScoredAnswer[],
  pairs: PairScope = EVERY_PAIR,
): VarDelta[] {
  if (scores.length === 0) return [];
  const levels = levelsOf(row);
  // Pairs of present values (JSON null is the absent level, derived from the margins on read) of crossed
  // variables, each pair once with its variables in name order; each one's part of the key made once.
  const present = levels
    .filter(([variable, level]) => level !== 'null' && pairs.crosses(variable))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const parts = present.map(([variable, level]) => `${variable}${SEP}${level}`);
  const out: VarDelta[] = [];
  for (const s of scores) {
    for (const [variable, level] of levels) {
      out.push({
        key: `${s.key}${SEP}${variable}${SEP}${level}`,
        site: s.site,
        day: s.day,
        survey: s.survey,
        touchpoint: s.touchpoint,
        channel: s.channel,
        question: s.question,
        qtype: s.qtype,
        variable,
        level,
        value: s.value,
        count: s.count,
      });
    }
    if (present.length < 2) continue;
    const base = `${s.site}${SEP}${s.day}${SEP}${s.survey}${SEP}${s.question}${SEP}${s.qtype}${SEP}${PAIR}`;
    for (let i = 0; i < present.length; i++) {
      const [variable, level] = present[i] as [string, string];
      const head = `${base}${parts[i] as string}${SEP}`;
      for (let j = i + 1; j < present.length; j++) {
        const [other, otherLevel] = present[j] as [string, string];
        out.push({
          key: `${head}${parts[j] as string}`,
          site: s.site,
          day: s.day,
          survey: s.survey,
          touchpoint: '',
          channel: '',
          question: s.question,
          qtype: s.qtype,
          variable,
          level,
          value: 0,
          count: s.count,
          pair: { variable: other, level: otherLevel },
        });
      }
    }
  }
  return out;
}
