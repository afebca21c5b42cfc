import type { Token } from './text.js';
import type { AnalysedLanguage, Span, Taxonomy } from './types.js';

/** One word of a term: exact, or part of a word when it starts and/or ends with `*`. */
interface WordPattern {
  text: string;
  prefix: boolean;
  suffix: boolean;
}

/** A taxonomy compiled for one language: each theme's terms as word patterns. */
export type CompiledThemes = { id: string; terms: WordPattern[][] }[];

const pattern = (w: string): WordPattern => {
  const suffix = w.startsWith('*');
  const prefix = w.endsWith('*');
  return { text: w.replace(/^\*|\*$/g, ''), prefix, suffix };
};

/** Compiles a taxonomy's terms for one language. */
export function compileThemes(taxonomy: Taxonomy, lang: AnalysedLanguage): CompiledThemes {
  return taxonomy.themes.map((t) => ({
    id: t.id,
    terms: (t.terms[lang] ?? [])
      .map((term) =>
        term
          .toLowerCase()
          .split(/[\s-]+/)
          .filter((w) => w !== '' && w !== '&')
          .map(pattern),
      )
      .filter((words) => words.length > 0),
  }));
}

function wordMatches(p: WordPattern, word: string): boolean {
  if (p.prefix && p.suffix) return word.includes(p.text);
  if (p.prefix) return word.startsWith(p.text);
  if (p.suffix) return word.endsWith(p.text);
  return word === p.text;
}

/** The themes a sentence's tokens mention, each with the spans of the words that matched. */
export function matchThemes(themes: CompiledThemes, tokens: Token[]): Map<string, Span[]> {
  const found = new Map<string, Span[]>();
  for (const theme of themes) {
    for (const words of theme.terms) {
      for (let i = 0; i + words.length <= tokens.length; i++) {
        if (!words.every((p, k) => wordMatches(p, tokens[i + k]!.word))) continue;
        const span = { start: tokens[i]!.start, end: tokens[i + words.length - 1]!.end };
        const spans = found.get(theme.id) ?? [];
        if (!spans.some((s) => s.start < span.end && span.start < s.end)) spans.push(span);
        found.set(theme.id, spans);
      }
    }
  }
  for (const spans of found.values()) spans.sort((a, b) => a.start - b.start);
  return found;
}
