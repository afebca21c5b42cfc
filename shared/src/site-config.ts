import { z } from 'zod';
import { locale, slug } from './common.js';
import { display, question, trigger, urlRule } from './survey.js';

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
});
export type ConfigSurvey = z.infer<typeof configSurvey>;

/** `GET /v1/sites/:site/config`: what the widget needs to decide when to show what. */
export const siteConfig = z.object({
  site: slug,
  settings: z.object({ cooldownHours: z.number() }),
  surveys: z.array(configSurvey),
});
export type SiteConfig = z.infer<typeof siteConfig>;
