import type { Token } from './text.js';
import type { AnalysedLanguage, Span, Taxonomy } from './types.js';

/** One word of a term: exact, or part of a word when it starts and/or ends with `*`. */
interface WordPattern {
  text: string;
  prefix: boolean;
  suffix: boolean;
}

/** One term of a theme: its words, with the theme's and the term's place in the taxonomy. */
interface Term {
  theme: number;
  term: number;
  words: WordPattern[];
}

/**
 * A taxonomy compiled for one language: each theme's terms as word patterns, and the terms indexed by their
 * first word when it is exact, so a token is tried against the terms it can start, not against all of them
 * (the default taxonomy has hundreds of terms per language; a sentence a dozen words).
 */
export interface CompiledThemes {
  ids: string[];
  /** terms whose first word is exact, by that word */
  byFirstWord: Map<string, Term[]>;
  /** terms whose first word is a word's start (`word*`), by its first PREFIX_KEY characters */
  byPrefix: Map<string, Term[]>;
  /** the other terms whose first word is part of a word (`*word`, `*word*`, a shorter `wo*`), tried at every token */
  partial: Term[];
}

/** How many leading characters key the `word*` terms. */
const PREFIX_KEY = 3;

const add = (index: Map<string, Term[]>, key: string, t: Term): void => {
  const list = index.get(key);
  if (list) list.push(t);
  else index.set(key, [t]);
};

const pattern = (w: string): WordPattern => {
  const suffix = w.startsWith('*');
  const prefix = w.endsWith('*');
  return { text: w.replace(/^\*|\*$/g, ''), prefix, suffix };
};

/** Compiles a taxonomy's terms for one language. */
export function compileThemes(taxonomy: Taxonomy, lang: AnalysedLanguage): CompiledThemes {
  const compiled: CompiledThemes = { ids: [], byFirstWord: new Map(), byPrefix: new Map(), partial: [] };
  taxonomy.themes.forEach((t, theme) => {
    compiled.ids.push(t.id);
    (t.terms[lang] ?? [])
      .map((term) =>
        term
          .toLowerCase()
          .split(/[\s-]+/)
          .filter((w) => w !== '' && w !== '&')
          .map(pattern),
      )
      .filter((words) => words.length > 0)
      .forEach((words, term) => {
        const first = words[0]!;
        const entry = { theme, term, words };
        if (!first.prefix && !first.suffix) add(compiled.byFirstWord, first.text, entry);
        else if (first.prefix && !first.suffix && first.text.length >= PREFIX_KEY)
          add(compiled.byPrefix, first.text.slice(0, PREFIX_KEY), entry);
        else compiled.partial.push(entry);
      });
  });
  return compiled;
}

function wordMatches(p: WordPattern, word: string): boolean {
  if (p.prefix && p.suffix) return word.includes(p.text);
  if (p.prefix) return word.startsWith(p.text);
  if (p.suffix) return word.endsWith(p.text);
  return word === p.text;
}

/** Whether `words` match the tokens from `at` on. */
function matchesAt(words: WordPattern[], tokens: Token[], at: number): boolean {
  if (at + words.length > tokens.length) return false;
  for (let k = 0; k < words.length; k++) if (!wordMatches(words[k]!, tokens[at + k]!.word)) return false;
  return true;
}

/**
 * The themes a sentence's tokens mention, each with the spans of the words that matched, in taxonomy order.
 * A span overlapping one kept before for its theme is dropped, taking the matches in the order of the theme's
 * terms, then of their position (as trying every term at every position did).
 */
export function matchThemes(themes: CompiledThemes, tokens: Token[]): Map<string, Span[]> {
  const hits: { t: Term; at: number }[] = [];
  for (let at = 0; at < tokens.length; at++) {
    const word = tokens[at]!.word;
    for (const t of themes.byFirstWord.get(word) ?? []) if (matchesAt(t.words, tokens, at)) hits.push({ t, at });
    for (const t of themes.byPrefix.get(word.slice(0, PREFIX_KEY)) ?? [])
      if (matchesAt(t.words, tokens, at)) hits.push({ t, at });
    for (const t of themes.partial) if (matchesAt(t.words, tokens, at)) hits.push({ t, at });
  }
  hits.sort((a, b) => a.t.theme - b.t.theme || a.t.term - b.t.term || a.at - b.at);
  const found = new Map<string, Span[]>();
  for (const { t, at } of hits) {
    const id = themes.ids[t.theme]!;
    const span = { start: tokens[at]!.start, end: tokens[at + t.words.length - 1]!.end };
    const spans = found.get(id) ?? [];
    if (!spans.some((s) => s.start < span.end && span.start < s.end)) spans.push(span);
    found.set(id, spans);
  }
  for (const spans of found.values()) spans.sort((a, b) => a.start - b.start);
  return found;
}
