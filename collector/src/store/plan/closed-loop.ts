import type { NotifyDigest, NotifyKind, Rule, ScoreBand, WebhookEvent, WebhookPayload } from '@touchpoint/shared';
import { evaluate, verbatimOf, type RuleAnalysis } from '../../closed-loop/evaluate.js';
import { truncateComment, type AlertFacts } from '../../closed-loop/notify.js';
import { normalAddress, replyIntervalStart } from '../../closed-loop/reply-limits.js';
import { uuidv7 } from '../../lib/uuid.js';
import type { EmailPayload } from '../closed-loop-store.js';
import type { ResponseRecord } from '../store.js';
import type { PlanSite } from './plan-site.js';

/** Milliseconds in an hour, for due dates. */
const HOUR_MS = 3_600_000;

/** A follow-up case to open for a response (at most one per response: the store keeps the first). */
export interface CaseOpening {
  site: string;
  responseId: string;
  touchpoint: string;
  score: number | null;
  band: ScoreBand | null;
  verbatim: string | null;
  contact: string | null;
  openedAt: string;
  dueAt: string;
}

/**
 * One closed-loop action of a save, applied by the store in order inside the save's transaction:
 * - `webhook`: an outbox row per target endpoint, all with the same payload;
 * - `reply`: an outbox e-mail, unless one to `address` was queued for the site since `since` (rows of the
 *   same transaction count: a batch naming one address twenty times sends one);
 * - `case`: opens a case, and when it was opened (not there already) queues `case.opened` for `notify`,
 *   its payload the case as stored (`webhookPayload`);
 * - `notify`: a chat alert (`digest: 'none'`; the store adds the id of the case this save opened), or the
 *   response counted into its rule's digest of the period (one outbox row per rule and period).
 */
export type LoopStep =
  | { kind: 'webhook'; event: WebhookEvent; targets: readonly string[]; payload: string }
  | { kind: 'reply'; mail: EmailPayload; address: string; since: string }
  | { kind: 'case'; opening: CaseOpening; notify: readonly string[] }
  | { kind: 'notify'; service: NotifyKind; url: string; digest: NotifyDigest; alert: AlertFacts };

/** The deliveries of one webhook event. */
export type WebhookStep = Extract<LoopStep, { kind: 'webhook' }>;

/** The JSON body of a webhook delivery. */
export function webhookPayload(site: string, type: WebhookEvent, data: Record<string, unknown>, now: string): string {
  const body: WebhookPayload = { id: uuidv7(), type, createdAt: now, site, data };
  return JSON.stringify(body);
}

/**
 * The deliveries of an event: to every active endpoint of the site subscribed to it, or to `only` that
 * endpoint (a rule's webhook action) when it is active. Null when there is none (most sites, most
 * events): then the payload is not even serialised.
 */
export function webhookStep(
  site: Pick<PlanSite, 'subscribers' | 'endpointIds'>,
  siteKey: string,
  type: WebhookEvent,
  data: Record<string, unknown>,
  now: string,
  only?: string,
): WebhookStep | null {
  const targets = only === undefined ? site.subscribers.get(type) : site.endpointIds.has(only) ? [only] : undefined;
  if (!targets || targets.length === 0) return null;
  return { kind: 'webhook', event: type, targets, payload: webhookPayload(siteKey, type, data, now) };
}

/**
 * What the closed loop does when a response was created (`before` null) or merged: `response.created` for
 * a new row, and when the response is complete for the first time `response.completed` and the site's
 * rules (a reply, a case with its SLA due date, `rule.matched` webhooks). A flagged response does nothing:
 * the caller leaves it out.
 */
export function loopSteps(
  site: PlanSite,
  before: { partial: boolean } | null,
  after: ResponseRecord,
  now: string,
): LoopStep[] {
  const steps: LoopStep[] = [];
  const push = (s: LoopStep | null) => {
    if (s) steps.push(s);
  };
  const key = after.site;
  const data = { response: after };
  if (before === null) push(webhookStep(site, key, 'response.created', data, now));
  if (after.partial || (before !== null && !before.partial)) return steps;
  push(webhookStep(site, key, 'response.completed', data, now));
  steps.push(...ruleSteps(site, after, site.rules, now));
  return steps;
}

/**
 * What a site's `rules` ask for one complete response: a reply, a case with its SLA due date, `rule.matched`
 * webhooks, chat alerts. With `analysis` (rules on themes and sentiment, run once the comment is analysed),
 * the `rule.matched` payload carries the comment's themes and sentiment.
 */
export function ruleSteps(
  site: PlanSite,
  after: ResponseRecord,
  rules: readonly Rule[],
  now: string,
  analysis?: RuleAnalysis,
): LoopStep[] {
  const steps: LoopStep[] = [];
  const push = (s: LoopStep | null) => {
    if (s) steps.push(s);
  };
  const key = after.site;
  const survey = site.surveys.get(after.survey);
  const plan = evaluate({
    response: after,
    survey,
    touchpointName: site.touchpoints.get(after.touchpoint)?.name ?? after.touchpoint,
    rules,
    analysis,
  });
  if (plan.reply) {
    const { to, subject, text } = plan.reply;
    steps.push({
      kind: 'reply',
      mail: { to, subject, text },
      address: normalAddress(to),
      since: replyIntervalStart(now),
    });
  }
  if (plan.openCase) {
    const score = plan.openCase.score;
    const opening: CaseOpening = {
      site: key,
      responseId: after.id,
      touchpoint: after.touchpoint,
      score: score?.value ?? null,
      band: score?.band ?? null,
      verbatim: verbatimOf(after, survey),
      contact: plan.reply?.to ?? null,
      openedAt: now,
      dueAt: new Date(Date.parse(now) + site.slaHours * HOUR_MS).toISOString(),
    };
    steps.push({ kind: 'case', opening, notify: site.subscribers.get('case.opened') ?? [] });
  }
  for (const w of plan.webhooks) {
    const data = analysis ? { rule: w.rule, response: after, analysis } : { rule: w.rule, response: after };
    push(webhookStep(site, key, 'rule.matched', data, now, w.endpoint));
  }
  // After the case step, so that an alert can link to the case the same save opened.
  const touchpointName = site.touchpoints.get(after.touchpoint)?.name ?? after.touchpoint;
  for (const n of plan.notify) {
    const alert: AlertFacts = {
      rule: n.rule.id,
      ruleName: n.rule.name,
      touchpoint: after.touchpoint,
      touchpointName,
      scale: n.rule.match.scale,
      score: n.score?.value ?? null,
      band: n.score?.band ?? null,
      comment: truncateComment(verbatimOf(after, survey)),
      responseId: after.id,
      at: now,
      caseId: null,
    };
    steps.push({ kind: 'notify', service: n.action.kind, url: n.action.url, digest: n.action.digest, alert });
  }
  return steps;
}
