import { z } from 'zod';
import { channel, slug, timestamp } from './common.js';
import { LIMITS } from './limits.js';
import { patchShape } from './patch.js';
import { npsBand, type ScaleType } from './scales.js';
import { storedResponse } from './admin.js';

// The closed loop: rules that answer responses (a templated reply, a follow-up case, a webhook call),
// follow-up cases, webhook endpoints and the delivery log.

/** Rules, webhook endpoints, notes: upper bounds of the closed loop's admin inputs. */
export const CLOSED_LOOP_LIMITS = {
  /** touchpoints, channels or variables one rule matches on */
  matchItems: 20,
  /** actions of one rule */
  actions: 5,
  /** one note on a case */
  note: 5000,
  /** one reply template (subject or body) per locale */
  template: 5000,
  /** events one webhook endpoint subscribes to */
  events: 10,
} as const;

/**
 * A score band. NPS names its bands; the other scales use the same three words so that one rule can
 * speak of "detractors" whatever the question was:
 * NPS 9–10 / 7–8 / 0–6; CSAT 4–5 / 3 / 1–2 (the 4–5 that CSAT counts as satisfied);
 * CES 5–7 / 4 / 1–3 (the 5–7 "agree" of CES); smiley 4 / 3 / 1–2 (faces from the happiest down).
 */
export const scoreBand = z.enum(['promoter', 'passive', 'detractor']);
export type ScoreBand = z.infer<typeof scoreBand>;

/** Lowest score of the top band and of the middle band, per scale (NPS as npsBand). */
const BAND_CUTS: Record<Exclude<ScaleType, 'nps'>, { top: number; middle: number }> = {
  csat: { top: 4, middle: 3 },
  ces: { top: 5, middle: 4 },
  smiley: { top: 4, middle: 3 },
};

/** Which band a score on a scale falls in (see `scoreBand` for the cut-offs). */
export function bandOf(type: ScaleType, score: number): ScoreBand {
  if (type === 'nps') return npsBand(score);
  const cut = BAND_CUTS[type];
  if (score >= cut.top) return 'promoter';
  if (score >= cut.middle) return 'passive';
  return 'detractor';
}

const varName = z.string().min(1).max(LIMITS.id);
const varValue = z.union([z.string().max(LIMITS.varValue), z.number().finite(), z.boolean()]);

/** Sentiment of a comment (`mixed`: praise and complaint) or of one theme in it. */
export const commentSentiment = z.enum(['negative', 'neutral', 'positive', 'mixed']);
export type CommentSentiment = z.infer<typeof commentSentiment>;

/** What a rule matches on. Every condition given must hold; a list matches any of its items. */
export const ruleMatch = z.object({
  /** the scale whose first answered question gives the score (default: NPS) */
  scale: z.enum(['nps', 'csat', 'ces', 'smiley']).default('nps'),
  /** bands of that score; a response without such a score never matches a rule with bands */
  bands: z.array(scoreBand).max(3).optional(),
  touchpoints: z.array(slug).max(CLOSED_LOOP_LIMITS.matchItems).optional(),
  channels: z.array(channel).max(4).optional(),
  /**
   * themes the comment mentions (any of them). A rule with `themes` or `sentiments` runs when the comment has
   * been analysed (seconds after it arrives), once per response, whatever its score unless `bands` says.
   */
  themes: z.array(slug).min(1).max(CLOSED_LOOP_LIMITS.matchItems).optional(),
  /** sentiment of the comment, or with `themes` what it says about one of them */
  sentiments: z.array(commentSentiment).min(1).max(4).optional(),
  /** context variables that must equal these values */
  vars: z
    .record(varName, varValue)
    .refine((v) => Object.keys(v).length <= CLOSED_LOOP_LIMITS.matchItems, 'too many variables')
    .optional(),
});
export type RuleMatch = z.infer<typeof ruleMatch>;

const template = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must look like "en" or "pt-BR"'), z.string().min(1))
  .refine((t) => Object.keys(t).length >= 1, 'needs at least one locale')
  .refine((t) => Object.keys(t).length <= LIMITS.locales, `at most ${LIMITS.locales} locales`)
  .refine(
    (t) => Object.values(t).every((s) => s.length <= CLOSED_LOOP_LIMITS.template),
    `each text at most ${CLOSED_LOOP_LIMITS.template} characters`,
  );

/** The chat service a `notify` action formats its messages for. */
export const notifyKind = z.enum(['slack', 'teams']);
export type NotifyKind = z.infer<typeof notifyKind>;
/** `none`: one message per matching response; `hourly` / `daily`: one summary per rule and UTC hour or day. */
export const notifyDigest = z.enum(['none', 'hourly', 'daily']);
export type NotifyDigest = z.infer<typeof notifyDigest>;

/** The kinds of outbox row: e-mails, webhook calls, chat notifications. */
export const deliveryKind = z.enum(['email', 'webhook', 'notify']);

/**
 * What a matching rule does. `reply` e-mails the respondent, only when they left a contact and consented
 * (see README, "Closed loop"); templates may use {{name}}, {{touchpoint}}, {{score}} and {{referralLink}},
 * with a fallback after a bar: {{name|there}}. `case` opens a follow-up case (one per response).
 * `webhook` sends a `rule.matched` event to one endpoint. `notify` posts to a Slack or Teams incoming webhook:
 * one alert per matching response (`digest: 'none'`), or one summary per hour or day.
 */
export const ruleAction = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reply'),
    subject: template,
    body: template,
    /** base of {{referralLink}} (promoters only): the response id is added as `ref` */
    referralUrl: z.url().max(LIMITS.url).optional(),
  }),
  z.object({ type: z.literal('case') }),
  z.object({ type: z.literal('webhook'), endpoint: z.string().min(1).max(LIMITS.id) }),
  z.object({
    type: z.literal('notify'),
    /** how the message is formatted: Slack `text` + blocks, or a Teams MessageCard */
    kind: notifyKind,
    /** the incoming-webhook URL (any host: self-hosted Mattermost or Teams connectors vary) */
    url: z.url().max(LIMITS.url),
    digest: notifyDigest.default('none'),
  }),
]);
export type RuleAction = z.infer<typeof ruleAction>;

/** A closed-loop rule of a site. */
export const rule = z.object({
  id: slug,
  name: z.string().min(1).max(LIMITS.label),
  active: z.boolean().default(true),
  match: ruleMatch.default({ scale: 'nps' }),
  actions: z.array(ruleAction).min(1).max(CLOSED_LOOP_LIMITS.actions),
});
export type Rule = z.infer<typeof rule>;
export type RuleInput = z.input<typeof rule>;

/** Body of a rule's PATCH: only the fields sent change; `match` and `actions` are replaced whole. */
export const ruleUpdate = z.object(patchShape(rule.omit({ id: true }).shape));

/** Events a webhook endpoint may subscribe to. */
export const webhookEvent = z.enum([
  'response.created',
  'response.completed',
  'case.opened',
  'case.updated',
  'rule.matched',
  'response.analysed',
]);
export type WebhookEvent = z.infer<typeof webhookEvent>;

/** A webhook endpoint as listed: never its secret, which is shown once, when it is created. */
export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.url().max(LIMITS.url),
  events: z.array(webhookEvent).min(1).max(CLOSED_LOOP_LIMITS.events),
  active: z.boolean(),
  createdAt: timestamp,
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

/** Body of `POST /v1/admin/sites/:site/webhooks`. */
export const webhookCreate = z.object({
  url: z
    .url()
    .max(LIMITS.url)
    .regex(/^https?:\/\//, 'must be an http(s) URL'),
  events: z.array(webhookEvent).min(1).max(CLOSED_LOOP_LIMITS.events),
  active: z.boolean().default(true),
});

/** Body of `PATCH /v1/admin/sites/:site/webhooks/:id`. */
export const webhookUpdate = z.object(patchShape(webhookCreate.shape));

/** The JSON body of every webhook call. Receivers dedupe on the `x-touchpoint-delivery` header. */
export const webhookPayload = z.object({
  id: z.string(),
  type: webhookEvent,
  createdAt: timestamp,
  site: slug,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof webhookPayload>;

/** A follow-up case moves open → contacted → resolved (and may be reopened). */
export const caseStatus = z.enum(['open', 'contacted', 'resolved']);
export type CaseStatus = z.infer<typeof caseStatus>;

/** One note on a case; notes are only ever added. */
export const caseNote = z.object({ at: timestamp, author: z.string(), text: z.string() });
export type CaseNote = z.infer<typeof caseNote>;

/** A follow-up case: a person calls the detractor back. */
export const followUpCase = z.object({
  id: z.string(),
  site: slug,
  response: z.string(),
  touchpoint: slug,
  status: caseStatus,
  assignee: z.string().nullable(),
  score: z.number().nullable(),
  band: scoreBand.nullable(),
  /** the free-text answers of the response, joined */
  verbatim: z.string().nullable(),
  /** where to reach the respondent, when they left a contact */
  contact: z.string().nullable(),
  openedAt: timestamp,
  updatedAt: timestamp,
  /** opened + the site's `followUpSlaHours` */
  dueAt: timestamp,
  resolvedAt: timestamp.nullable(),
  /** not resolved and past due */
  overdue: z.boolean(),
  notes: z.array(caseNote),
});
export type FollowUpCase = z.infer<typeof followUpCase>;

/** A case with the response it follows up. */
export const followUpCaseDetail = followUpCase.extend({ responseDetail: storedResponse.nullable() });

/** Query of `GET /v1/admin/sites/:site/cases`. */
export const caseFilter = z.object({
  status: caseStatus.optional(),
  touchpoint: slug.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type CaseFilter = z.infer<typeof caseFilter>;
export const caseListQuery = caseFilter.extend({
  /** `due`: soonest due first (the default); `newest`: last opened first */
  sort: z.enum(['due', 'newest']).default('due'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** opaque cursor from the previous page's `x-next-cursor` header */
  cursor: z.string().max(200).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

/** Body of `PATCH /v1/admin/sites/:site/cases/:id`: any of a status, an assignee (null unassigns), a note. */
export const casePatch = z
  .object({
    status: caseStatus.optional(),
    assignee: z.string().min(1).max(LIMITS.label).nullable().optional(),
    note: z.string().min(1).max(CLOSED_LOOP_LIMITS.note).optional(),
  })
  .refine((p) => p.status !== undefined || p.assignee !== undefined || p.note !== undefined, {
    message: 'needs status, assignee or note',
  });
export type CasePatch = z.infer<typeof casePatch>;

/** Case counts and median time-to-resolve of one touchpoint. */
export const caseSummaryRow = z.object({
  touchpoint: slug,
  open: z.number().int(),
  contacted: z.number().int(),
  resolved: z.number().int(),
  overdue: z.number().int(),
  /** median hours from opening to resolution over resolved cases; null when none is resolved */
  medianHoursToResolve: z.number().nullable(),
});
export type CaseSummaryRow = z.infer<typeof caseSummaryRow>;

/** A delivery's state: pending (waiting or retrying), delivered, or dead (gave up after the last attempt). */
export const deliveryStatus = z.enum(['pending', 'delivered', 'dead']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;

/** One outbox row as the delivery log shows it. */
export const delivery = z.object({
  id: z.string(),
  kind: deliveryKind,
  /** the webhook event, `reply` for e-mails, `alert` or `digest` for notifications */
  event: z.string(),
  /** the e-mail address, the webhook endpoint id, or the rule id of a notification */
  target: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
});
export type Delivery = z.infer<typeof delivery>;

/** Query of `GET /v1/admin/sites/:site/deliveries`. */
export const deliveryListQuery = z.object({
  status: deliveryStatus.optional(),
  kind: deliveryKind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuery>;

/** Copy of a reply template per locale. */
export type Template = z.infer<typeof template>;
