import { STOPWORDS } from './language.js';
import { DE } from './lexicon-de.js';
import { EN } from './lexicon-en.js';
import { splitSentences, tokenize } from './text.js';
import type { Span } from './types.js';

/** A comment as the emerging-theme search reads it. */
export interface EmergingComment {
  responseId: string;
  text: string;
  language: string | null;
}

/** A group of terms that keep turning up together in comments no theme matched. */
export interface EmergingCluster {
  /** the most frequent term, as written */
  label: string;
  /** the comments' language most of the cluster's comments are in */
  language: string;
  /** terms as written (lower case), most frequent first: the terms a promoted theme starts with */
  terms: string[];
  /** unmatched comments with at least one of the terms */
  count: number;
  /** share among unmatched comments ÷ share among all comments: > 1 means the unmatched ones say it more */
  lift: number;
  examples: { responseId: string; text: string; spans: Span[] }[];
}

/** Tuning of the search, with defaults for a few thousand comments. */
export interface EmergingOptions {
  /** a term must be in at least this many unmatched comments */
  minCount?: number;
  /** clusters returned */
  limit?: number;
  /** example comments per cluster */
  examples?: number;
}

/** Comments a term needs by default: fewer is noise, not a theme. */
const MIN_COUNT = 3;
/** Clusters returned by default. */
const MAX_CLUSTERS = 10;
/** Examples per cluster by default. */
const MAX_EXAMPLES = 3;
/** Terms one cluster holds at most. */
const MAX_TERMS = 6;
/** Shortest word worth a term: shorter ones are mostly fillers ("ok", "im"). */
const MIN_WORD = 3;
/**
 * A term joins a cluster when this share of the comments of the rarer of the two (the overlap
 * coefficient) also have the cluster's first term: "car park" and "parking" in the same comments.
 */
const JOIN_OVERLAP = 0.5;

/** Words never taken for a theme: function words and sentiment words ("great", "schlecht"). */
const IGNORED = new Set<string>([
  ...Object.values(STOPWORDS).flat(),
  ...[EN, DE].flatMap((lex) => [
    ...Object.keys(lex.words).filter((w) => !w.includes(' ') && !w.endsWith('*')),
    ...lex.negators,
    ...Object.keys(lex.intensifiers),
  ]),
]);
/** Sentiment words given by prefix (`unfreundlich*`): ignored too. */
const IGNORED_PREFIXES = [EN, DE].flatMap((lex) =>
  Object.keys(lex.words)
    .filter((w) => w.endsWith('*') && !w.includes(' '))
    .map((w) => w.slice(0, -1)),
);

/** Endings removed by the light stemmer, longest first: enough to fold plurals and verb forms together. */
const SUFFIXES: Record<string, string[]> = {
  en: ['ings', 'ing', 'ies', 'ed', 'es', 's'],
  de: ['ungen', 'en', 'er', 'es', 'e', 'n', 's'],
};

/** A light suffix stemmer (plurals, -ing, -ed; German -en, -e): "parking", "parked" → "park". */
export function stem(word: string, language: string | null): string {
  for (const suffix of SUFFIXES[language ?? ''] ?? SUFFIXES.en!) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

const ignored = (w: string) =>
  w.length < MIN_WORD || /^\d+$/.test(w) || IGNORED.has(w) || IGNORED_PREFIXES.some((p) => w.startsWith(p));

/** One occurrence of a term: its key (stems), how it was written, where. */
interface Occurrence {
  key: string;
  surface: string;
  span: Span;
}

/** The unigrams and bigrams of content words of a comment, sentence by sentence. */
export function termsOf(text: string, language: string | null): Occurrence[] {
  const out: Occurrence[] = [];
  for (const s of splitSentences(text)) {
    const tokens = tokenize(text, s.start, s.end);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (ignored(t.word)) continue;
      out.push({ key: stem(t.word, language), surface: t.word, span: { start: t.start, end: t.end } });
      const next = tokens[i + 1];
      if (next && !ignored(next.word)) {
        out.push({
          key: `${stem(t.word, language)} ${stem(next.word, language)}`,
          surface: `${t.word} ${next.word}`,
          span: { start: t.start, end: next.end },
        });
      }
    }
  }
  return out;
}

interface TermStats {
  key: string;
  docs: Set<number>;
  surfaces: Map<string, number>;
}

const mostFrequent = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];

/** Overlapping spans (a phrase and its words) as one, in order. */
function mergeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** How many comments of `docs` mention each term key. */
function documentFrequency(comments: readonly EmergingComment[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const c of comments) {
    for (const key of new Set(termsOf(c.text, c.language).map((o) => o.key))) df.set(key, (df.get(key) ?? 0) + 1);
  }
  return df;
}

/**
 * Emerging themes: terms and phrases of the comments no theme matched (`unmatched`), stemmed, without
 * function and sentiment words, ranked by how many comments use them, and grouped when they occur in the
 * same comments. `matched` (the comments themes did match) is the background the lift is measured against.
 */
export function emergingThemes(
  unmatched: readonly EmergingComment[],
  matched: readonly EmergingComment[],
  options: EmergingOptions = {},
): EmergingCluster[] {
  const minCount = options.minCount ?? MIN_COUNT;
  const stats = new Map<string, TermStats>();
  const occurrences = unmatched.map((c) => termsOf(c.text, c.language));
  occurrences.forEach((occ, doc) => {
    for (const o of occ) {
      const s = stats.get(o.key) ?? { key: o.key, docs: new Set<number>(), surfaces: new Map<string, number>() };
      s.docs.add(doc);
      s.surfaces.set(o.surface, (s.surfaces.get(o.surface) ?? 0) + 1);
      stats.set(o.key, s);
    }
  });
  const background = documentFrequency(matched);
  const total = unmatched.length + matched.length;
  const liftOf = (key: string, docs: number) =>
    total === 0 ? 0 : docs / unmatched.length / ((docs + (background.get(key) ?? 0)) / total);
  // Most comments first; on a tie the phrase (more specific) before its words, then the higher lift.
  const candidates = [...stats.values()]
    .filter((s) => s.docs.size >= minCount)
    .sort(
      (a, b) =>
        b.docs.size - a.docs.size ||
        b.key.split(' ').length - a.key.split(' ').length ||
        liftOf(b.key, b.docs.size) - liftOf(a.key, a.docs.size) ||
        (a.key < b.key ? -1 : 1),
    );
  const clusters: { terms: TermStats[]; docs: Set<number> }[] = [];
  for (const term of candidates) {
    const home = clusters.find((c) => {
      const head = c.terms[0]!;
      let both = 0;
      for (const d of term.docs) if (head.docs.has(d)) both++;
      return both / Math.min(term.docs.size, head.docs.size) >= JOIN_OVERLAP;
    });
    if (home) {
      if (home.terms.length < MAX_TERMS) home.terms.push(term);
      for (const d of term.docs) home.docs.add(d);
    } else clusters.push({ terms: [term], docs: new Set(term.docs) });
  }
  return clusters.slice(0, options.limit ?? MAX_CLUSTERS).map((c) => {
    const keys = new Set(c.terms.map((t) => t.key));
    const docs = [...c.docs].sort((a, b) => a - b);
    const languages = new Map<string, number>();
    for (const d of docs) {
      const lang = unmatched[d]!.language ?? 'und';
      languages.set(lang, (languages.get(lang) ?? 0) + 1);
    }
    const head = c.terms[0]!;
    return {
      label: mostFrequent(head.surfaces),
      language: mostFrequent(languages),
      terms: c.terms.map((t) => mostFrequent(t.surfaces)),
      count: docs.length,
      lift: Math.round(liftOf(head.key, head.docs.size) * 100) / 100,
      examples: docs.slice(0, options.examples ?? MAX_EXAMPLES).map((d) => ({
        responseId: unmatched[d]!.responseId,
        text: unmatched[d]!.text,
        spans: mergeSpans(occurrences[d]!.filter((o) => keys.has(o.key)).map((o) => o.span)),
      })),
    };
  });
}
