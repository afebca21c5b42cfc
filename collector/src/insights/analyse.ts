import { detectLanguage, STOPWORDS } from './language.js';
import { DE } from './lexicon-de.js';
import { EN } from './lexicon-en.js';
import { compileLexicon, label, scoreTokens, type CompiledLexicon, type Lexicon } from './sentiment.js';
import { compileRoster, matchStaff, type CompiledRoster } from './staff.js';
import { splitSentences, tokenize } from './text.js';
import { compileThemes, matchThemes, type CompiledThemes } from './themes.js';
import {
  ANALYSED_LANGUAGES,
  type AnalysedLanguage,
  type CommentAnalysis,
  type Roster,
  type SentenceResult,
  type Span,
  type StaffHit,
  type Taxonomy,
  type ThemeHit,
} from './types.js';

/** A comment that names a staff member is about the staff, even without a word from the staff themes. */
const STAFF_THEME = 'staff-attitude';
/** Themes about the staff: a named person in a sentence that has one of these adds nothing more. */
const STAFF_THEMES = new Set([STAFF_THEME, 'staff-knowledge']);

const LEXICONS: Record<AnalysedLanguage, Lexicon> = { en: EN, de: DE };

interface LanguageModel {
  lexicon: CompiledLexicon;
  themes: CompiledThemes;
  /** ordinary words, which are never taken for a misspelt name */
  common: Set<string>;
}

/** A site's taxonomy and roster compiled once, to analyse many comments. */
export class Analyser {
  private readonly models = new Map<AnalysedLanguage, LanguageModel>();
  private readonly roster: CompiledRoster;
  private readonly hasStaffTheme: boolean;

  constructor(taxonomy: Taxonomy, roster: Roster = { staff: [] }) {
    this.hasStaffTheme = taxonomy.themes.some((t) => t.id === STAFF_THEME);
    for (const lang of ANALYSED_LANGUAGES) {
      const lexicon = compileLexicon(LEXICONS[lang]);
      const themes = compileThemes(taxonomy, lang);
      const common = new Set<string>([...(STOPWORDS[lang] ?? []), ...lexicon.exact.keys(), ...lexicon.negators]);
      for (const t of [...themes.byFirstWord.values(), ...themes.byPrefix.values(), themes.partial].flat())
        for (const w of t.words) if (!w.prefix && !w.suffix) common.add(w.text);
      this.models.set(lang, { lexicon, themes, common });
    }
    this.roster = compileRoster(roster);
  }

  private byVocabulary(text: string): string {
    const words = tokenize(text).map((t) => t.word);
    let best = 'und';
    let bestHits = 0;
    for (const [lang, model] of this.models) {
      const hits = words.filter(
        (w) => model.common.has(w) || model.lexicon.prefixes.some(([p]) => w.startsWith(p)),
      ).length;
      if (hits > bestHits) {
        best = lang;
        bestHits = hits;
      }
    }
    return best;
  }

  /** Analyses one free-text answer; `touchpoint` limits the roster to the people working there. */
  analyse(text: string, touchpoint: string | null = null, hint?: string | null): CommentAnalysis {
    const detected = detectLanguage(text, hint);
    // The respondent's locale decides when no function word does ("Super!"); without one, the language
    // whose lexicon and themes know most of the words ("Dirty toilets.").
    const language = detected !== 'und' ? detected : hint ? hint.slice(0, 2).toLowerCase() : this.byVocabulary(text);
    const model = this.models.get(language as AnalysedLanguage);
    if (!model) {
      return { language, analysed: false, sentiment: 'neutral', score: 0, sentences: [], themes: [], staff: [] };
    }
    const sentences: SentenceResult[] = [];
    const themes = new Map<string, { score: number; spans: Span[] }>();
    const staff = new Map<string, { score: number; spans: Span[] }>();
    const common = (w: string) => model.common.has(w);
    for (const s of splitSentences(text)) {
      const tokens = tokenize(text, s.start, s.end);
      const score = scoreTokens(model.lexicon, tokens);
      const found = matchThemes(model.themes, tokens);
      const named = matchStaff(this.roster, tokens, touchpoint, common);
      if (named.size > 0 && this.hasStaffTheme && ![...found.keys()].some((t) => STAFF_THEMES.has(t))) {
        found.set(STAFF_THEME, [...named.values()].flat());
      }
      sentences.push({ ...s, score, sentiment: label(score), themes: [...found.keys()] });
      for (const [id, spans] of found) {
        const t = themes.get(id) ?? { score: 0, spans: [] };
        t.score += score;
        t.spans.push(...spans);
        themes.set(id, t);
      }
      for (const [id, spans] of named) {
        const m = staff.get(id) ?? { score: 0, spans: [] };
        m.score += score;
        m.spans.push(...spans);
        staff.set(id, m);
      }
    }
    const round = (n: number) => Math.round(n * 100) / 100;
    const themeHits: ThemeHit[] = [...themes].map(([theme, t]) => ({
      theme,
      score: round(t.score),
      sentiment: label(t.score),
      spans: t.spans,
    }));
    const staffHits: StaffHit[] = [...staff].map(([id, m]) => ({
      staff: id,
      score: round(m.score),
      sentiment: label(m.score),
      spans: m.spans,
    }));
    const total = round(sentences.reduce((sum, s) => sum + s.score, 0));
    const pos = sentences.some((s) => s.sentiment === 'positive');
    const neg = sentences.some((s) => s.sentiment === 'negative');
    return {
      language,
      analysed: true,
      sentiment: pos && neg ? 'mixed' : label(total),
      score: total,
      sentences,
      themes: themeHits,
      staff: staffHits,
    };
  }
}
