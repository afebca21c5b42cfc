import type { AnswerValue, ConfigSurvey, Question } from '@touchpoint/shared';
import type { FunctionComponent, VNode } from 'preact';
import type { PartStrings, Strings } from '../locales/strings';

/** What a question renderer gets. */
export interface QuestionProps {
  q: Question;
  value: AnswerValue | undefined;
  set: (v: AnswerValue) => void;
  t: Strings;
  /** NPS options tinted red to green (the theme's `npsColours`) */
  tint?: boolean | undefined;
}

/**
 * A part of the popup's UI that only some surveys need (shared WIDGET_PARTS): renderers of whole
 * questions (`q`), or what a scale's option shows instead of its number and the option's accessible
 * name (`g`), or the thank-you's link on (`x`, the extras part), and the styles they need; or the
 * locale's words they use (`s`). The popup's UI chunk is sent with the parts of the survey's
 * question types appended (scripts/build.mjs); the kiosk, the link page and the ESM entry have them all.
 * Names cross a bundle boundary (part → UI chunk), so none starts with `_`.
 */
export interface Part {
  q?: Record<string, FunctionComponent<QuestionProps>>;
  g?: Record<string, { v: (n: number) => VNode; l: (n: number, t: Strings) => string }>;
  x?: FunctionComponent<{ s: ConfigSurvey; t: Strings; base: string }>;
  css?: string;
  /** the locale's words the parts use (the strings part, appended once with them) */
  s?: PartStrings;
}

/** The parts this UI has, merged. */
export const PARTS: Required<Omit<Part, 'x' | 's'>> & Pick<Part, 'x'> = { q: {}, g: {}, css: '' };

/** Adds a part's renderers and styles. */
export function addPart(p: Part): void {
  Object.assign(PARTS.q, p.q);
  Object.assign(PARTS.g, p.g);
  PARTS.x ||= p.x;
  PARTS.css += p.css || '';
}

/** The event a part chunk dispatches on the script it runs in, carrying a function that takes Preact's `h`. */
export const PART_EVENT = 'tp:part';

/** What the UI chunk hands a part: its Preact's vnode factory (one Preact per card). */
export interface Kit {
  h: unknown;
  Fragment: unknown;
}
