import { rule, survey, type Rule, type Survey, type WebhookEvent } from '@touchpoint/shared';
import type { PlanSite } from '../../../src/store/plan/plan-site.js';

/** Survey `q` of site `s`: an NPS question, a free-text one and a contact question. */
export const npsSurvey: Survey = survey.parse({
  id: 'q',
  name: 'Q',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
    { id: 'email', type: 'contact', text: { en: 'Your e-mail?' } },
  ],
});

/** Detractors get a case and a `rule.matched` webhook to endpoint `crm`; everyone who left a contact a reply. */
export const detractorRule: Rule = rule.parse({
  id: 'detractors',
  name: 'Detractors',
  match: { scale: 'nps', bands: ['detractor'] },
  actions: [
    { type: 'case' },
    { type: 'webhook', endpoint: 'crm' },
    { type: 'reply', subject: { en: 'Sorry' }, body: { en: 'We will call you.' } },
  ],
});

/** A site as planning reads it: survey `q`, touchpoint `tp` ("Till 3"), the rules and subscriptions given. */
export function planSite(
  over: { rules?: Rule[]; subscribers?: [WebhookEvent, string[]][]; slaHours?: number } = {},
): PlanSite {
  const subscribers = new Map(over.subscribers ?? []);
  return {
    surveys: new Map([['q', npsSurvey]]),
    touchpoints: new Map([['tp', { name: 'Till 3' }]]),
    rules: over.rules ?? [],
    endpointIds: new Set(['crm', ...[...subscribers.values()].flat()]),
    subscribers,
    slaHours: over.slaHours ?? 48,
    timeZone: 'UTC',
    questionTypes: (s) => new Map(s === 'q' ? npsSurvey.questions.map((q) => [q.id, q.type]) : []),
    typeAt: (s, question) => (s === 'q' ? (npsSurvey.questions.find((q) => q.id === question)?.type ?? null) : null),
  };
}
