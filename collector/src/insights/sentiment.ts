import type { Token } from './text.js';
import type { Sentiment } from './types.js';

/** A language's sentiment words (valence -3..3; `word*` matches by prefix), negators and intensifiers. */
export interface Lexicon {
  words: Record<string, number>;
  negators: string[];
  intensifiers: Record<string, number>;
}

/** Tokens before a sentiment word in which a negator flips it ("not very friendly"). */
const NEGATION_WINDOW = 3;
/** A negated word means less than its opposite: "not bad" is not "good" (Taboada et al. 2011). */
const NEGATION_DAMPING = 0.75;
/** What a negator alone says ("no PayPal option", "nobody there"): complaints mostly use one. */
const LONE_NEGATOR = -1;
/** Longest phrase in a lexicon, in words ("you get what you pay for"). */
const MAX_PHRASE = 6;
/** |score| from which a sentence counts as positive or negative rather than neutral. */
export const SENTIMENT_THRESHOLD = 1;

/** A lexicon compiled for lookups: exact words and phrases, and prefixes longest first. */
export interface CompiledLexicon {
  exact: Map<string, number>;
  /** one-word prefix entries, longest first */
  prefixes: [string, number][];
  /** multi-word entries whose last word is a prefix, with their length in words */
  phrasePrefixes: [string, number, number][];
  negators: Set<string>;
  intensifiers: Map<string, number>;
}

/** Compiles a lexicon once. */
export function compileLexicon(lex: Lexicon): CompiledLexicon {
  const exact = new Map<string, number>();
  const prefixes: [string, number][] = [];
  for (const [term, v] of Object.entries(lex.words)) {
    if (term.endsWith('*')) prefixes.push([term.slice(0, -1), v]);
    else exact.set(term, v);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return {
    exact,
    prefixes: prefixes.filter(([p]) => !p.includes(' ')),
    phrasePrefixes: prefixes.filter(([p]) => p.includes(' ')).map(([p, v]) => [p, v, p.split(' ').length]),
    negators: new Set(lex.negators),
    intensifiers: new Map(Object.entries(lex.intensifiers)),
  };
}

/** The valence of the phrase starting at token i (longest match) and how many tokens it covers. */
function lookup(lex: CompiledLexicon, tokens: Token[], i: number): [number, number] | null {
  let phrase = '';
  const phrases: string[] = [];
  for (let n = 1; n <= MAX_PHRASE && i + n <= tokens.length; n++) {
    phrase = n === 1 ? tokens[i]!.word : `${phrase} ${tokens[i + n - 1]!.word}`;
    phrases.push(phrase);
  }
  for (let n = phrases.length; n >= 1; n--) {
    const p = phrases[n - 1]!;
    const v = lex.exact.get(p);
    if (v !== undefined) return [v, n];
    // A prefix entry may end a phrase ("zu lang*"): its last word by prefix, the others exactly.
    if (n > 1) {
      for (const [prefix, pv, size] of lex.phrasePrefixes) if (size === n && p.startsWith(prefix)) return [pv, n];
    } else if (!lex.negators.has(p)) {
      for (const [prefix, pv] of lex.prefixes) if (p.startsWith(prefix)) return [pv, 1];
    }
  }
  return null;
}

/** The sentiment score of a sentence's tokens: valences summed, intensified and negated. */
export function scoreTokens(lex: CompiledLexicon, tokens: Token[]): number {
  let score = 0;
  let pendingNegator = -1;
  for (let i = 0; i < tokens.length;) {
    const word = tokens[i]!.word;
    const next = tokens[i + 1]?.word;
    // An intensifier before a sentiment word scales it; before anything else it may be a word itself.
    const hit =
      lex.intensifiers.has(word) && next !== undefined && lookup(lex, tokens, i + 1) ? null : lookup(lex, tokens, i);
    if (hit) {
      let [v] = hit;
      const n = hit[1];
      const boost = lex.intensifiers.get(tokens[i - 1]?.word ?? '');
      if (boost !== undefined) v *= boost;
      const negated = [...Array(NEGATION_WINDOW).keys()].some((k) => lex.negators.has(tokens[i - 1 - k]?.word ?? ''));
      if (negated) v = -v * NEGATION_DAMPING;
      if (negated) pendingNegator = -1;
      score += v;
      i += n;
      continue;
    }
    if (lex.negators.has(word)) {
      if (pendingNegator >= 0 && i - pendingNegator > NEGATION_WINDOW) score += LONE_NEGATOR;
      pendingNegator = i;
    }
    i++;
  }
  if (pendingNegator >= 0) score += LONE_NEGATOR;
  return Math.round(score * 100) / 100;
}

/** The label of a score. */
export function label(score: number): Sentiment {
  if (score >= SENTIMENT_THRESHOLD) return 'positive';
  if (score <= -SENTIMENT_THRESHOLD) return 'negative';
  return 'neutral';
}
