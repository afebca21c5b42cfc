import type { Span } from './types.js';

/** A word of a comment, lower-cased, with its place in the original text. */
export interface Token extends Span {
  word: string;
  /** written with a capital first letter */
  capital: boolean;
}

/** Words, digits, and contractions (don't, wasn't) kept whole so negation sees them. */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The comment's tokens, lower-cased, with offsets into the original string. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  const part = text.slice(from, to);
  for (const m of part.matchAll(TOKEN)) {
    const start = from + (m.index ?? 0);
    const word = m[0].toLowerCase().replace('’', "'");
    out.push({ word, start, end: start + m[0].length, capital: word[0] !== m[0][0] });
  }
  return out;
}

/** Sentence ends: . ! ? … and line breaks; not a dot between digits (4.5) or after one letter (z.B.). */
const SENTENCE_END = /(?<![\p{L}]\.[\p{L}])(?<!\b\p{L})[.!?…]+(?!\d)|\n+/gu;

/**
 * Contrast words that start a new clause: "great staff but the queue was long" is two opinions. A clause
 * is analysed like a sentence, so each theme gets the sentiment said about it.
 */
const CLAUSE_BREAK =
  /[,;:–—-]?\s+(?=\b(?:but|however|although|though|whereas|aber|jedoch|obwohl|allerdings|leider|sondern|trotzdem)\b)|;\s*|\s+[–—-]\s+/giu;

/** Splits a comment into sentences, then each at contrast words; returns non-empty spans. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start] ?? '')) start++;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    if (end > start && /[\p{L}\p{N}]/u.test(text.slice(start, end))) spans.push({ start, end });
  };
  const splitClauses = (start: number, end: number) => {
    const part = text.slice(start, end);
    let last = 0;
    for (const m of part.matchAll(CLAUSE_BREAK)) {
      const at = m.index ?? 0;
      if (at === 0) continue;
      push(start + last, start + at);
      last = at + m[0].length;
    }
    push(start + last, end);
  };
  let last = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + m[0].length;
    splitClauses(last, end);
    last = end;
  }
  splitClauses(last, text.length);
  return spans;
}
