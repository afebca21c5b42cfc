import { z } from 'zod';
import { channel, clientId, locale, slug, timestamp } from './common.js';
import { LIMITS } from './limits.js';

/** One answer: a number for scales (and thumbs 1/0), a choice id or text, or choice ids for multi. */
export const answerValue = z.union([
  z.number().finite(),
  z.string().max(LIMITS.freeText),
  z.array(slug).max(LIMITS.choices),
]);
export type AnswerValue = z.infer<typeof answerValue>;

/** Question id → answer. A question the respondent skipped is simply absent. */
export const answers = z
  .record(slug, answerValue)
  .refine((a) => Object.keys(a).length <= LIMITS.answers, `at most ${LIMITS.answers} answers`);
export type Answers = z.infer<typeof answers>;

/** A transaction or profile variable: cart value, product, segment, region, buyer… */
export const varValue = z.union([z.string().max(LIMITS.varValue), z.number().finite(), z.boolean()]);

/** Variable name → value. */
export const vars = z
  .record(
    z
      .string()
      .min(1)
      .max(LIMITS.id)
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'variable names are letters, digits, "_", "-" or "."'),
    varValue,
  )
  .refine((v) => Object.keys(v).length <= LIMITS.vars, `at most ${LIMITS.vars} variables`);
export type Vars = z.infer<typeof vars>;

/** Where and how a response was given. */
export const responseContext = z.object({
  channel: channel.default('web'),
  /** page URL the survey was answered on */
  url: z.string().max(LIMITS.url).optional(),
  referrer: z.string().max(LIMITS.url).optional(),
  /** the signal that opened the survey, e.g. `exit-intent:desktop`, `cart-drop-off:idle` */
  trigger: z.string().max(LIMITS.id).optional(),
  /** the kiosk device that took the answer */
  kiosk: z.string().max(LIMITS.id).optional(),
  /** milliseconds from the survey appearing to the last answer (kiosks use it to spot tap bursts) */
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
  /** transaction and profile variables (hidden fields) */
  vars: vars.default({}),
});
export type ResponseContext = z.infer<typeof responseContext>;

/** Who answered, when the site identified them (`touchpoint('identify', …)`). Used for follow-up and deletion. */
export const respondent = z.object({
  id: z.string().min(1).max(128).optional(),
  email: z.email().max(254).optional(),
});

/** One survey response as a client sends it. Field names are a stable public contract. */
export const response = z.object({
  id: clientId,
  site: slug,
  survey: slug,
  /** defaults to the survey's touchpoint */
  touchpoint: slug.optional(),
  answers,
  /** true while the respondent is still answering; a later send with the same id completes it */
  partial: z.boolean().default(false),
  locale: locale.optional(),
  createdAt: timestamp,
  respondent: respondent.optional(),
  context: responseContext.default({ channel: 'web', vars: {} }),
});
export type ResponseInput = z.input<typeof response>;
export type SurveyResponse = z.infer<typeof response>;

/** A batch of responses, e.g. a kiosk's offline queue. */
export const responseBatch = z.object({
  responses: z.array(response).min(1).max(LIMITS.batch),
});

/** `POST /v1/responses` accepts one response or a batch. */
export const responsesBody = z.union([responseBatch, response]);
export type ResponsesBody = z.infer<typeof responsesBody>;

/** What happened to one posted item. */
export const ingestStatus = z.enum(['created', 'updated', 'duplicate']);
export type IngestStatus = z.infer<typeof ingestStatus>;

/** The acknowledgement: every item is durably stored when this is sent. */
export const ingestReply = z.object({
  results: z.array(z.object({ id: z.string(), status: ingestStatus })),
});
export type IngestReply = z.infer<typeof ingestReply>;
