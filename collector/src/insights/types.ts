/** Languages the analysis has a lexicon and a taxonomy for; others are detected but "not analysed". */
export const ANALYSED_LANGUAGES = ['en', 'de'] as const;
export type AnalysedLanguage = (typeof ANALYSED_LANGUAGES)[number];

/** Sentiment of a sentence or a theme in a comment. */
export type Sentiment = 'negative' | 'neutral' | 'positive';

/**
 * One theme of a taxonomy. A term is lower case; words are separated by spaces and each word matches a
 * token exactly, or by prefix (`kasse*`), suffix (`*kasse`) or infix (`*kasse*`) — German compounds.
 */
export interface ThemeDef {
  id: string;
  label: string;
  terms: Partial<Record<AnalysedLanguage, string[]>>;
}

/** A site's taxonomy: the themes comments are sorted into. */
export interface Taxonomy {
  themes: ThemeDef[];
}

/** One person on a roster; `touchpoints` empty = everywhere. */
export interface StaffMember {
  id: string;
  name: string;
  aliases: string[];
  touchpoints: string[];
}

/** A site's staff roster. */
export interface Roster {
  staff: StaffMember[];
}

/** A character range of the comment: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** One analysed sentence (or clause after "but"/"aber"). */
export interface SentenceResult extends Span {
  sentiment: Sentiment;
  score: number;
  themes: string[];
}

/** A theme found in a comment: where, and the sentiment of the sentences it was found in. */
export interface ThemeHit {
  theme: string;
  sentiment: Sentiment;
  score: number;
  spans: Span[];
}

/** A roster member named in a comment. */
export interface StaffHit {
  staff: string;
  sentiment: Sentiment;
  score: number;
  spans: Span[];
}

/** The analysis of one comment. `analysed` is false for languages without a lexicon. */
export interface CommentAnalysis {
  language: string;
  analysed: boolean;
  sentiment: Sentiment | 'mixed';
  score: number;
  sentences: SentenceResult[];
  themes: ThemeHit[];
  staff: StaffHit[];
}
