import {
  bandOf,
  type CommentSentiment,
  type Rule,
  type RuleAction,
  type RuleMatch,
  type ScoreBand,
  type Survey,
} from '@touchpoint/shared';
import type { ResponseRecord } from '../store/store.js';
import { firstName } from './reply-limits.js';
import { pickTemplate, renderTemplate } from './template.js';

/**
 * The context variable that records consent to be e-mailed at `respondent.email`. Answering a `contact`
 * question is consent by itself (the respondent typed the address in order to be contacted); an address
 * known from `touchpoint('identify')` is used only when this variable is true (or "true", "yes", 1).
 */
export const CONSENT_VAR = 'contactConsent';
/** Context variables that may carry the respondent's name, first found wins (rendered only if it is a name). */
const NAME_VARS = ['name', 'firstName', 'first_name'] as const;
/** Between two free-text answers in a case's verbatim. */
const VERBATIM_SEPARATOR = '\n\n';

/** The score of a response on one scale: its first answered question of that type, in survey order. */
export interface Score {
  question: string;
  value: number;
  band: ScoreBand;
}

/** An e-mail a rule asks for, rendered. */
export interface PlannedReply {
  rule: string;
  to: string;
  subject: string;
  text: string;
}

/** What the rules ask for one completed response. */
export interface Plan {
  /** at most one: a respondent gets one reply per response, from the first matching rule */
  reply: PlannedReply | null;
  /** the NPS (else first scale) score that goes on the case, when one is opened */
  openCase: { score: Score | null } | null;
  /** endpoint ids to send `rule.matched` to, with the rule that asked */
  webhooks: { rule: string; endpoint: string }[];
  /** chat notifications, one per `notify` action of a matching rule, with the score on the rule's scale */
  notify: { rule: Rule; action: Extract<RuleAction, { type: 'notify' }>; score: Score | null }[];
}

/** Everything evaluation needs besides the rules, looked up by the caller. */
export interface EvaluationInput {
  response: ResponseRecord;
  /** the response's survey (undefined when it was deleted since) */
  survey: Survey | undefined;
  touchpointName: string;
  rules: readonly Rule[];
  /** the comment's analysis, once there is one: rules on themes or sentiment match only with it */
  analysis?: RuleAnalysis | undefined;
}

/** What rules on themes and sentiment read of a comment's analysis (and what their webhooks carry). */
export interface RuleAnalysis {
  language: string;
  sentiment: CommentSentiment;
  themes: { theme: string; sentiment: Exclude<CommentSentiment, 'mixed'> }[];
}

/** Whether a rule looks at the analysis of the comment (themes or sentiment), so runs once it is analysed. */
export const isAnalysisRule = (rule: Rule): boolean => !!(rule.match.themes || rule.match.sentiments);

/** The score of a response on a scale, or null when it has no answer of that type. */
export function scoreOf(response: ResponseRecord, survey: Survey | undefined, scale: RuleMatch['scale']): Score | null {
  for (const q of survey?.questions ?? []) {
    const value = response.answers[q.id];
    if (q.type === scale && typeof value === 'number') return { question: q.id, value, band: bandOf(scale, value) };
  }
  return null;
}

/** Where the respondent agreed to be reached: a `contact` answer, else `respondent.email` with consent. */
export function contactOf(response: ResponseRecord, survey: Survey | undefined): string | null {
  for (const q of survey?.questions ?? []) {
    const value = response.answers[q.id];
    if (q.type === 'contact' && typeof value === 'string' && value !== '') return value;
  }
  const consent = response.vars[CONSENT_VAR];
  const agreed = consent === true || consent === 1 || consent === 'true' || consent === 'yes';
  return agreed && response.respondentEmail ? response.respondentEmail : null;
}

/** The free-text answers of a response, joined, or null when there are none. */
export function verbatimOf(response: ResponseRecord, survey: Survey | undefined): string | null {
  const texts = (survey?.questions ?? [])
    .filter((q) => q.type === 'text')
    .map((q) => response.answers[q.id])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return texts.length > 0 ? texts.join(VERBATIM_SEPARATOR) : null;
}

/** Whether a rule's conditions all hold for a response. */
export function matches(
  rule: Rule,
  response: ResponseRecord,
  survey: Survey | undefined,
  analysis?: RuleAnalysis,
): boolean {
  const m = rule.match;
  if (!rule.active) return false;
  if (m.touchpoints && !m.touchpoints.includes(response.touchpoint)) return false;
  if (m.channels && !m.channels.includes(response.channel)) return false;
  for (const [name, value] of Object.entries(m.vars ?? {})) {
    if (response.vars[name] !== value) return false;
  }
  if (m.bands) {
    const score = scoreOf(response, survey, m.scale);
    if (!score || !m.bands.includes(score.band)) return false;
  }
  if (isAnalysisRule(rule)) {
    if (!analysis) return false;
    const { themes, sentiments } = m;
    // With themes, the sentiment is what the comment says about one of them; without, of the whole comment.
    if (themes) {
      return analysis.themes.some((t) => themes.includes(t.theme) && (!sentiments || sentiments.includes(t.sentiment)));
    }
    if (sentiments && !sentiments.includes(analysis.sentiment)) return false;
  }
  return true;
}

/** Runs a site's rules, in order, over a response that has just become complete. Pure. */
export function evaluate(input: EvaluationInput): Plan {
  const { response, survey } = input;
  const plan: Plan = { reply: null, openCase: null, webhooks: [], notify: [] };
  const contact = contactOf(response, survey);
  for (const rule of input.rules) {
    if (!matches(rule, response, survey, input.analysis)) continue;
    for (const action of rule.actions) {
      if (action.type === 'case' && !plan.openCase) {
        plan.openCase = { score: scoreOf(response, survey, rule.match.scale) ?? scoreOf(response, survey, 'nps') };
      } else if (action.type === 'webhook') {
        if (!plan.webhooks.some((w) => w.endpoint === action.endpoint)) {
          plan.webhooks.push({ rule: rule.id, endpoint: action.endpoint });
        }
      } else if (action.type === 'notify') {
        const score = scoreOf(response, survey, rule.match.scale) ?? scoreOf(response, survey, 'nps');
        plan.notify.push({ rule, action, score });
      } else if (action.type === 'reply' && !plan.reply && contact) {
        const score = scoreOf(response, survey, rule.match.scale);
        const referral =
          action.referralUrl && score?.band === 'promoter'
            ? `${action.referralUrl}${action.referralUrl.includes('?') ? '&' : '?'}ref=${encodeURIComponent(response.id)}`
            : '';
        const vars = {
          name: nameOf(response),
          touchpoint: input.touchpointName,
          score: score ? String(score.value) : '',
          referralLink: referral,
        };
        const fallback = survey?.defaultLocale ?? 'en';
        plan.reply = {
          rule: rule.id,
          to: contact,
          subject: renderTemplate(pickTemplate(action.subject, response.locale, fallback), vars).trim(),
          text: renderTemplate(pickTemplate(action.body, response.locale, fallback), vars),
        };
      }
    }
  }
  return plan;
}

/**
 * The only respondent-supplied text a reply may carry: a checked first name (see `firstName`), else ''
 * so that the template's fallback is used. Anyone can post answers, so anything more is a mail relay.
 */
function nameOf(response: ResponseRecord): string {
  for (const v of NAME_VARS) {
    const value = response.vars[v];
    if (typeof value === 'string' && value.trim() !== '') return firstName(value);
  }
  return '';
}
