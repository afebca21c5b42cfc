import type { CommentAnalysis } from '../insights/types.js';
import { ruleSteps, webhookStep, type LoopStep } from '../store/plan/closed-loop.js';
import type { PlanSite } from '../store/plan/plan-site.js';
import type { ResponseRecord } from '../store/store.js';
import { isAnalysisRule, type RuleAnalysis } from './evaluate.js';

/**
 * A response's rules on themes and sentiment fire when its comment is analysed for the first time, and
 * only if it arrived this recently: a backfill of last year's comments opens no cases.
 */
export const THEME_RULE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** What rules and webhooks carry of an analysis: themes and sentiment, never the spans or staff names. */
export function ruleAnalysis(a: CommentAnalysis): RuleAnalysis {
  return {
    language: a.language,
    sentiment: a.sentiment,
    themes: a.themes.map((t) => ({ theme: t.theme, sentiment: t.sentiment })),
  };
}

/**
 * Whether a first analysis can do anything on a site: it has a `response.analysed` subscriber or a rule on
 * themes or sentiment. When not, `themeRuleSteps` returns nothing whatever the response, so a store need not
 * read the response to find out.
 */
export function analysisMayAct(site: Pick<PlanSite, 'subscribers' | 'rules'>): boolean {
  return (site.subscribers.get('response.analysed')?.length ?? 0) > 0 || site.rules.some(isAnalysisRule);
}

/**
 * What the closed loop does once a complete response's comment has been analysed (first time only: the
 * caller checks): `response.analysed` to its subscribers with the themes, then the site's rules on themes
 * and sentiment (the other rules ran when the response was completed). Pure; flagged responses and
 * comments in a language without analysis do nothing.
 */
export function themeRuleSteps(
  site: PlanSite,
  response: ResponseRecord,
  analysis: CommentAnalysis | null,
  now: string,
): LoopStep[] {
  if (!analysis?.analysed) return [];
  const data = ruleAnalysis(analysis);
  const steps: LoopStep[] = [];
  const analysed = webhookStep(site, response.site, 'response.analysed', { response, analysis: data }, now);
  if (analysed) steps.push(analysed);
  const rules = site.rules.filter(isAnalysisRule);
  if (rules.length > 0) steps.push(...ruleSteps(site, response, rules, now, data));
  return steps;
}
