import type { ConfigSurvey } from './site-config.js';
import type { QuestionType } from './survey.js';

/**
 * The popup's optional parts: renderers and styles the widget leaves out of its UI chunk and appends
 * only for a survey that needs them (one letter each in the chunk's name, `ui-en-cf-<hash>.js`). Every
 * other question type (the number scales, free text) is in every UI chunk. By the question types each
 * part renders:
 */
export const WIDGET_PARTS = {
  /** single and multiple choice */
  c: ['single', 'multi'],
  /** drawn smiley faces and thumbs */
  f: ['smiley', 'thumbs'],
  /** the e-mail field */
  m: ['contact'],
} as const satisfies Record<string, readonly QuestionType[]>;

/** The part with the extras a survey's theme or settings may ask for: a link after the thank-you, NPS tints, a centred card. */
export const EXTRAS_PART = 'x';

/** Every part's letter, in the order chunk names list them. */
export const WIDGET_PART_LETTERS = Object.keys(WIDGET_PARTS).join('') + EXTRAS_PART;

/** Whether a survey (as the widget gets it) asks for the extras part. */
export const needsExtras = (s: Pick<ConfigSurvey, 'theme' | 'thankYouLink'>): boolean =>
  !!(s.thankYouLink || s.theme?.npsColours || s.theme?.placement === 'centre');

/** The parts a survey needs, as their letters in order (`''`: none). */
export function widgetParts(s: Pick<ConfigSurvey, 'questions' | 'theme' | 'thankYouLink'>): string {
  const types = new Set<string>(s.questions.map((q) => q.type));
  return (
    Object.entries(WIDGET_PARTS)
      .filter(([, of]) => of.some((t) => types.has(t)))
      .map(([letter]) => letter)
      .join('') + (needsExtras(s) ? EXTRAS_PART : '')
  );
}
