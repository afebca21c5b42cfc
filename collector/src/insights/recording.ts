import { THEME_RULE_MAX_AGE_MS, themeRuleSteps } from '../closed-loop/theme-rules.js';
import type { LoopStep } from '../store/plan/closed-loop.js';
import type { PlanSite } from '../store/plan/plan-site.js';
import type { StoredResponse } from '@touchpoint/shared';
import type { InsightRecord } from './record.js';
import type { Sentiment } from './types.js';

// What recording an analysis stores and sets off, whatever the store: the rows of one analysed response,
// the watch on partial responses, and the closed-loop steps of a first analysis. SQLite and PostgreSQL
// only write these rows (their rollups follow by triggers, 011_insights.sql / 018_insights.sql).

/** A response still partial after this long is taken as it is and no longer watched for completion. */
export const PENDING_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The `response_insights` row of an analysis (booleans as booleans, the analysis as an object). */
export interface InsightRow {
  responseId: string;
  site: string;
  touchpoint: string;
  channel: string;
  day: string;
  band: InsightRecord['band'];
  score: number | null;
  hasText: boolean;
  language: string | null;
  analysed: boolean;
  sentiment: string | null;
  question: string | null;
  analysis: { sentences: unknown; themes: unknown; staff: unknown } | null;
}

/** A `response_insight_themes` or `response_insight_staff` row: a theme or a person with its sentiment. */
export interface MentionRow {
  responseId: string;
  site: string;
  touchpoint: string;
  channel: string;
  day: string;
  band: InsightRecord['band'];
  /** the theme's or the person's id */
  key: string;
  sentiment: Sentiment;
}

/** What every row of an analysis repeats: its response, where it was given, and its band. */
const baseOf = (r: InsightRecord) => ({
  responseId: r.responseId,
  site: r.site,
  touchpoint: r.touchpoint,
  channel: r.channel,
  day: r.day,
  band: r.band,
});

/** The `response_insights` row of an analysis. */
export function insightRow(r: InsightRecord): InsightRow {
  const a = r.analysis;
  return {
    ...baseOf(r),
    score: r.score,
    hasText: a !== null,
    language: a?.language ?? null,
    analysed: a?.analysed ?? false,
    sentiment: a?.analysed ? a.sentiment : null,
    question: r.question,
    analysis: a ? { sentences: a.sentences, themes: a.themes, staff: a.staff } : null,
  };
}

/** The rows an analysis is stored as: one per response, one per theme, one per person named. */
export function insightRows(r: InsightRecord): { row: InsightRow; themes: MentionRow[]; staff: MentionRow[] } {
  const a = r.analysis;
  const base = baseOf(r);
  return {
    row: insightRow(r),
    themes: (a?.themes ?? []).map((t) => ({ ...base, key: t.theme, sentiment: t.sentiment })),
    staff: (a?.staff ?? []).map((s) => ({ ...base, key: s.staff, sentiment: s.sentiment })),
  };
}

/** Partial responses younger than this (ISO time) stay watched; older watches are dropped. */
export const pendingCutoff = (now: Date): string => new Date(now.getTime() - PENDING_MAX_AGE_MS).toISOString();

/** Whether a response just analysed is watched for completion: partial, and not older than PENDING_MAX_AGE_MS. */
export const watchesForCompletion = (r: { partial: boolean; createdAt: string }, now: Date): boolean =>
  r.partial && r.createdAt > pendingCutoff(now);

/** What a store knows of a response when its analysis is recorded, for the rules on themes. */
export interface FirstAnalysis {
  record: InsightRecord;
  /** the response was partial when analysed */
  partial: boolean;
  /** an analysis is stored already and the response is not waiting for completion: the rules ran then */
  analysedBefore: boolean;
  /** the stored response (null: deleted meanwhile) */
  stored: StoredResponse | null;
  /** the site as the closed loop sees it (null: deleted) */
  site: PlanSite | null;
}

/**
 * The closed loop's steps for a response's analysis: the rules on themes and sentiment fire for a complete,
 * unflagged response analysed for the first time that arrived within THEME_RULE_MAX_AGE_MS; nothing otherwise.
 * Recording is at least once (a crash before the commit analyses again), and the steps commit with the rows.
 */
export function firstAnalysisSteps(a: FirstAnalysis, now: Date): LoopStep[] {
  const { record, stored, site } = a;
  if (a.partial || !record.analysis?.analysed || a.analysedBefore || !stored || !site) return [];
  if (stored.flagged || stored.createdAt < new Date(now.getTime() - THEME_RULE_MAX_AGE_MS).toISOString()) return [];
  const { updatedAt: _u, flagged: _f, flagReason: _r, ...response } = stored;
  return themeRuleSteps(site, response, record.analysis, now.toISOString());
}
