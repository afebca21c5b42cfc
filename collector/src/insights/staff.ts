import type { Token } from './text.js';
import type { Roster, Span } from './types.js';

/** Names this long or longer match with one edit (a typo: Jonas/Jonsa, Katharina/Katarina); shorter ones exactly. */
const FUZZY_MIN_LENGTH = 5;
/** Edits (insert, delete, substitute, swap two neighbours) a long name may be off by. */
const MAX_EDITS = 1;

/** Optimal-string-alignment Damerau–Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** A roster compiled for matching: each member's names, lower case, split into words. */
export type CompiledRoster = { id: string; names: string[][]; touchpoints: string[] }[];

/** Compiles a roster. */
export function compileRoster(roster: Roster): CompiledRoster {
  return roster.staff.map((s) => ({
    id: s.id,
    touchpoints: s.touchpoints,
    // The full name, each of its words alone ("Jana", "Berger") and every alias.
    names: [s.name, ...s.name.split(/\s+/), ...s.aliases]
      .map((n) => n.toLowerCase().split(/\s+/).filter(Boolean))
      .filter((n) => n.length > 0),
  }));
}

const nameWordMatches = (name: string, token: Token, common: (w: string) => boolean): boolean => {
  const word = token.word;
  if (name === word) return true;
  // Only a capitalised word may be a misspelt name, and a real word one letter off a name ("stack" /
  // "Stock", "Media" / "Medina") is the word, not the name.
  if (!token.capital || name.length < FUZZY_MIN_LENGTH || word.length < FUZZY_MIN_LENGTH - 1 || common(word)) {
    return false;
  }
  return editDistance(name, word, MAX_EDITS) <= MAX_EDITS;
};

/**
 * The roster members a sentence names, with the spans of their names. A full name or any single-word
 * name or alias matches; `common` says whether a word is an ordinary word of the language.
 */
export function matchStaff(
  roster: CompiledRoster,
  tokens: Token[],
  touchpoint: string | null,
  common: (w: string) => boolean,
): Map<string, Span[]> {
  const found = new Map<string, Span[]>();
  for (const member of roster) {
    if (touchpoint && member.touchpoints.length > 0 && !member.touchpoints.includes(touchpoint)) continue;
    const names = [...member.names].sort((a, b) => b.length - a.length);
    const taken: Span[] = [];
    for (const name of names) {
      for (let i = 0; i + name.length <= tokens.length; i++) {
        if (!name.every((w, k) => nameWordMatches(w, tokens[i + k]!, common))) continue;
        const span = { start: tokens[i]!.start, end: tokens[i + name.length - 1]!.end };
        if (taken.some((s) => s.start < span.end && span.start < s.end)) continue;
        taken.push(span);
      }
    }
    if (taken.length > 0)
      found.set(
        member.id,
        taken.sort((a, b) => a.start - b.start),
      );
  }
  return found;
}
