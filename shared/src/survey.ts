import { z } from 'zod';
import { locale, localizedText, slug } from './common.js';
import { LIMITS } from './limits.js';
import { patchShape } from './patch.js';
import { themeOverride } from './theme.js';

/** Show a question only when an earlier answer matches (e.g. ask detractors what went wrong). */
export const showIf = z
  .object({
    question: slug,
    /** inclusive lower bound of an earlier numeric answer */
    min: z.number().optional(),
    /** inclusive upper bound of an earlier numeric answer */
    max: z.number().optional(),
    /** choice ids of an earlier choice answer, any of which matches */
    anyOf: z.array(slug).max(LIMITS.choices).optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined || c.anyOf !== undefined, {
    message: 'needs min, max or anyOf',
  });
export type ShowIf = z.infer<typeof showIf>;

const questionBase = {
  id: slug,
  text: localizedText,
  required: z.boolean().default(false),
  showIf: showIf.optional(),
};

const scaleLabels = {
  /** label under the low end of the scale ("Not at all likely") */
  lowLabel: localizedText.optional(),
  /** label under the high end of the scale ("Extremely likely") */
  highLabel: localizedText.optional(),
};

/** One option of a single or multiple choice question. */
export const choice = z.object({ id: slug, label: localizedText });

/** A survey question. Scale answers are integers (see SCALES); thumbs is 1 (up) or 0 (down). */
export const question = z.discriminatedUnion('type', [
  z.object({ type: z.literal('nps'), ...questionBase, ...scaleLabels }),
  z.object({ type: z.literal('csat'), ...questionBase, ...scaleLabels }),
  z.object({ type: z.literal('ces'), ...questionBase, ...scaleLabels }),
  z.object({ type: z.literal('smiley'), ...questionBase }),
  z.object({ type: z.literal('thumbs'), ...questionBase }),
  z.object({
    type: z.literal('single'),
    ...questionBase,
    choices: z.array(choice).min(1).max(LIMITS.choices),
  }),
  z.object({
    type: z.literal('multi'),
    ...questionBase,
    choices: z.array(choice).min(1).max(LIMITS.choices),
  }),
  z.object({
    type: z.literal('text'),
    ...questionBase,
    placeholder: localizedText.optional(),
    maxLength: z.number().int().min(1).max(LIMITS.freeText).default(LIMITS.freeText),
  }),
  z.object({ type: z.literal('contact'), ...questionBase }),
]);
export type Question = z.infer<typeof question>;
export type QuestionType = Question['type'];

/** How a URL rule compares against the page URL. */
export const urlRule = z.object({
  match: z.enum(['exact', 'contains', 'regex']),
  value: z.string().min(1).max(500),
});
export type UrlRule = z.infer<typeof urlRule>;

/** When a survey is due. */
export const trigger = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('exit-intent'),
    /** ms after page load before exit intent counts (avoids firing on the way in) */
    armMs: z.number().int().min(0).max(600_000).default(3000),
    /** ms the visitor must have spent on the page */
    minTimeOnPageMs: z.number().int().min(0).max(3_600_000).default(5000),
  }),
  z.object({
    type: z.literal('cart-drop-off'),
    /** seconds idle with a full cart that count as abandoning it */
    idleSeconds: z.number().int().min(1).max(3600).default(45),
    /** a page matching any of these is a checkout: the survey no longer fires */
    checkoutUrls: z.array(urlRule).max(LIMITS.urlRules).default([]),
    /** optional CSS selector whose text holds the cart item count */
    cartSelector: z.string().max(300).optional(),
  }),
  z.object({ type: z.literal('time-on-page'), seconds: z.number().int().min(0).max(3600) }),
  z.object({ type: z.literal('scroll-depth'), percent: z.number().int().min(1).max(100) }),
  z.object({ type: z.literal('event'), name: z.string().min(1).max(LIMITS.id) }),
  z.object({ type: z.literal('click'), selector: z.string().min(1).max(300) }),
  z.object({ type: z.literal('page-view') }),
  z.object({ type: z.literal('manual') }),
]);
export type Trigger = z.infer<typeof trigger>;

/** Who sees a survey and how often. */
export const display = z.object({
  /** percentage of eligible visitors who are shown the survey */
  sampling: z.number().min(0).max(100).default(100),
  /** days before the same visitor may see this survey again */
  recontactDays: z.number().min(0).max(3650).default(30),
  /** show every time, once ever, or until the visitor answers */
  frequency: z.enum(['always', 'once', 'until-answered']).default('until-answered'),
  position: z.enum(['bottom-right', 'bottom-left', 'center']).default('bottom-right'),
});
export type Display = z.infer<typeof display>;

/** Page URL targeting: shown where any include matches (or none is set) and no exclude matches. */
const surveyUrls = z.object({
  include: z.array(urlRule).max(LIMITS.urlRules).default([]),
  exclude: z.array(urlRule).max(LIMITS.urlRules).default([]),
});

/** An https address a thank-you may link to (a review site, a referral page). */
const httpsUrl = z
  .string()
  .max(LIMITS.url)
  .regex(/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?([/?#][^\s"'<>]*)?$/i, 'must be an https URL');

/**
 * The thank-you's next step: a labelled https link, or the touchpoint's (else the site's) public
 * "you said, we did" page. The kiosk shows it as text only: a kiosk never navigates away.
 */
export const thankYouLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), label: localizedText, url: httpsUrl }),
  /** `label` unset: the widget's own words ("See what we changed") */
  z.object({ kind: z.literal('improvements'), label: localizedText.optional() }),
]);
export type ThankYouLink = z.infer<typeof thankYouLink>;

const surveyFields = z.object({
  id: slug,
  name: z.string().min(1).max(LIMITS.label),
  active: z.boolean().default(true),
  /** the touchpoint answers count towards when the page names none */
  touchpoint: slug.optional(),
  defaultLocale: locale.default('en'),
  questions: z.array(question).min(1).max(LIMITS.questions),
  trigger: trigger.default({ type: 'manual' }),
  display: display.default({
    sampling: 100,
    recontactDays: 30,
    frequency: 'until-answered',
    position: 'bottom-right',
  }),
  urls: surveyUrls.default({ include: [], exclude: [] }),
  thankYou: localizedText.optional(),
  /** the title respondents see (link page `<title>` and `<h1>`); `name` is the admin's own */
  title: localizedText.optional(),
  /** the look of this survey where it differs from the site's theme: only the fields named, merged over it */
  theme: themeOverride.optional(),
  /** where the thank-you links on: a page of the brand's (a review site), or the touchpoint's "you said, we did" page; null: nowhere */
  thankYouLink: thankYouLink.nullable().optional(),
});

/** A survey: questions, when to show them, and to whom. */
export const survey = surveyFields.superRefine((s, ctx) => {
  const seen = new Set<string>();
  s.questions.forEach((q, i) => {
    if (seen.has(q.id)) {
      ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
    }
    if (q.showIf && !seen.has(q.showIf.question)) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions', i, 'showIf', 'question'],
        message: `must name an earlier question, not "${q.showIf.question}"`,
      });
    }
    seen.add(q.id);
  });
});
export type Survey = z.infer<typeof survey>;
export type SurveyInput = z.input<typeof survey>;

/**
 * Body of a survey's PATCH: only the fields sent change; `display` and `urls` merge into the current ones,
 * `trigger` and `questions` are replaced whole. The result is checked as a whole survey.
 */
export const surveyUpdate = z.object({
  ...patchShape(surveyFields.omit({ id: true }).shape),
  display: z.object(patchShape(display.shape)).optional(),
  urls: z.object(patchShape(surveyUrls.shape)).optional(),
});
