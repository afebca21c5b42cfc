import { z } from 'zod';
import { locale, slug } from './common.js';
import { display, question, trigger, urlRule } from './survey.js';
import { theme } from './theme.js';

/** One survey as the widget receives it: copy reduced to the requested locale. */
export const configSurvey = z.object({
  id: slug,
  touchpoint: slug.optional(),
  locale,
  questions: z.array(question),
  trigger,
  display,
  urls: z.object({ include: z.array(urlRule), exclude: z.array(urlRule) }),
  thankYou: z.record(locale, z.string()).optional(),
  /** the public title, in the locale */
  title: z.record(locale, z.string()).optional(),
  /** the site's theme with the survey's own over it (absent: the widget's own look) */
  theme: theme.optional(),
  /**
   * the thank-you's next step in the locale: an https URL, or a path on the collector (`/y/:site/:touchpoint`,
   * the "you said, we did" page); no label: the widget's own words
   */
  thankYouLink: z.object({ label: z.string().optional(), url: z.string() }).optional(),
});
export type ConfigSurvey = z.infer<typeof configSurvey>;

/**
 * `GET /v1/sites/:site/surveys/:survey`: a due survey's questions and copy, without the rules (trigger,
 * display and URL rules) the loader already has and decided with.
 */
export const surveyCopy = configSurvey.omit({ trigger: true, display: true, urls: true });
export type SurveyCopy = z.infer<typeof surveyCopy>;

/** `GET /v1/sites/:site/config`: what the widget needs to decide when to show what. */
export const siteConfig = z.object({
  site: slug,
  settings: z.object({ cooldownHours: z.number() }),
  surveys: z.array(configSurvey),
});
export type SiteConfig = z.infer<typeof siteConfig>;

/** One survey as the loader needs it to decide whether and when to show it: no questions, no copy. */
export const surveyRules = configSurvey.omit({
  questions: true,
  thankYou: true,
  touchpoint: true,
  title: true,
  theme: true,
  thankYouLink: true,
});
export type SurveyRules = z.infer<typeof surveyRules>;

/**
 * `GET /v1/sites/:site/config?fields=rules`: the config without questions and copy, the form the
 * script-tag loader fetches on every page view; the survey's copy comes with the UI, when it is due.
 */
export const siteRules = siteConfig.extend({ surveys: z.array(surveyRules) });
export type SiteRules = z.infer<typeof siteRules>;

/**
 * The rules a site's loader (`GET /widget.js?site=…`) carries inlined, so a page view makes one request
 * instead of two: what deciding needs (triggers, URL and display rules) in no locale (the loader asks for
 * a due survey's copy in the visitor's).
 */
export const loaderRules = z.object({
  settings: siteConfig.shape.settings,
  surveys: z.array(
    surveyRules.omit({ locale: true }).extend({
      /**
       * the widget parts it needs (widgetParts: `c` choice, `f` faces, `m` e-mail, `x` extras), absent when
       * none: the loader fetches the UI chunk with just those renderers, in parallel with the survey's copy
       */
      parts: z.string().max(8).optional(),
    }),
  ),
});
export type LoaderRules = z.infer<typeof loaderRules>;

/** Query of the config: copy in `locale`; `fields=rules` for the loader's form (default: everything). */
export const siteConfigQuery = z.object({ locale: locale.optional(), fields: z.enum(['rules']).optional() });
