import { DEFAULT_ROLLUP_LEVEL_CAP } from '@touchpoint/shared';
import { binIndexOf } from '../../scoring/binning.js';
import { isMissing, levelVariableOfCounts, numberOf, type VarValue } from '../../scoring/levels.js';

/**
 * Numeric variables in the variable rollups (issue #14): a variable that passes its site's level cap is
 * binned instead of turning scan only when its values are numeric by the rule segments and drivers use
 * (scoring/levels.ts: real numbers, more than a handful of distinct ones, unparseable text at most a stray
 * share). Its cut points are chosen once, from the values counted up to that moment (quintiles rounded to
 * two significant figures, scoring/binning.ts), stored with the rollups, and kept by every later write and
 * recount; each answer is then counted under its bin's level instead of its value's.
 *
 * A binned level is not JSON text, so it never collides with a value's: `#0`, `#1`… the bins in order,
 * `#unparseable` a value no number reads from ("n/a"), and `null` (JSON) the missing level as before.
 */

/** The level of a value no number reads from, counted as missing and reported. */
export const UNPARSEABLE_LEVEL = '#unparseable';
/** The level of respondents without a value (JSON null, as for any variable). */
export const MISSING_LEVEL_TEXT = 'null';

/** The level text of bin `index`. */
export const binLevel = (index: number): string => `#${index}`;

/** Whether a level is already a binned one. */
export const isBinnedLevel = (level: string): boolean => level.startsWith('#');

/** The binned level of a value's level (its JSON text), at ascending cut points `edges`. */
export function binnedLevel(level: string, edges: readonly number[]): string {
  if (isBinnedLevel(level)) return level;
  const value = JSON.parse(level) as VarValue;
  if (isMissing(value)) return MISSING_LEVEL_TEXT;
  const x = numberOf(value);
  return x === null ? UNPARSEABLE_LEVEL : binLevel(binIndexOf(edges, x));
}

/** What a binned level stands for: a bin's index, an unparseable value, or no value. */
export function decodeBinnedLevel(level: string): number | 'unparseable' | 'missing' {
  if (level === UNPARSEABLE_LEVEL) return 'unparseable';
  if (!isBinnedLevel(level)) return 'missing';
  return Number(level.slice(1));
}

/**
 * The cut points to bin a variable at, from its levels (JSON text) and how many answers each was counted
 * with; null when its values are not numeric (the variable goes scan only) or give a single bin.
 */
export function edgesFor(levels: ReadonlyMap<string, number>): number[] | null {
  const counts = new Map<VarValue, number>();
  for (const [level, n] of levels) {
    if (isBinnedLevel(level) || n <= 0) continue;
    const value = JSON.parse(level) as VarValue;
    counts.set(value, (counts.get(value) ?? 0) + n);
  }
  const leveling = levelVariableOfCounts(counts);
  if (leveling.kind !== 'numeric') return null;
  const edges = leveling.bins.slice(1).map((b) => b.min);
  return edges.length > 0 ? edges : null;
}

/**
 * Whether a site's level cap rose (unset is DEFAULT_ROLLUP_LEVEL_CAP): variables the old cap made scan only
 * may fit the new one, and only a recount can tell (their levels were dropped). A lower cap needs none: a
 * variable over it is binned or goes scan only at its next new level.
 */
export const capRose = (before: number | null | undefined, after: number | null | undefined): boolean =>
  (after ?? DEFAULT_ROLLUP_LEVEL_CAP) > (before ?? DEFAULT_ROLLUP_LEVEL_CAP);
