import { npsBand } from '@touchpoint/shared';
import type { Analyser } from './analyse.js';
import type { CommentAnalysis } from './types.js';

/** What the analysis reads of a stored response. */
export interface ResponseForInsight {
  id: string;
  site: string;
  survey: string;
  touchpoint: string;
  /** web, kiosk, qr or phone: kept on the analysis rows so the rollups can be read by channel */
  channel: string;
  answers: Record<string, unknown>;
  locale: string | null;
  createdAt: string;
}

/** Which questions of a survey hold free text and which is its NPS question, in survey order. */
export interface SurveyShape {
  text: string[];
  nps: string | null;
}

/** The analysis of one response, as stored. */
export interface InsightRecord {
  responseId: string;
  site: string;
  touchpoint: string;
  channel: string;
  day: string;
  band: 'promoter' | 'passive' | 'detractor' | 'none';
  score: number | null;
  question: string | null;
  analysis: CommentAnalysis | null;
}

/** The survey's shape from its definition (JSON as stored). */
export function surveyShape(definition: { questions?: { id: string; type: string }[] }): SurveyShape {
  const questions = definition.questions ?? [];
  return {
    text: questions.filter((q) => q.type === 'text').map((q) => q.id),
    nps: questions.find((q) => q.type === 'nps')?.id ?? null,
  };
}

/**
 * Analyses a response's first non-empty free-text answer and notes its NPS band. A response without text
 * is still recorded (with its band), so "NPS of all" and the share of comments are known.
 */
export function insightRecord(r: ResponseForInsight, shape: SurveyShape, analyser: Analyser): InsightRecord {
  const score = shape.nps === null ? null : r.answers[shape.nps];
  const nps = typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10 ? score : null;
  const question = shape.text.find((q) => {
    const a = r.answers[q];
    return typeof a === 'string' && a.trim() !== '';
  });
  const text = question === undefined ? null : (r.answers[question] as string);
  return {
    responseId: r.id,
    site: r.site,
    touchpoint: r.touchpoint,
    channel: r.channel,
    day: r.createdAt.slice(0, 10),
    band: nps === null ? 'none' : npsBand(nps),
    score: nps,
    question: question ?? null,
    analysis: text === null ? null : analyser.analyse(text, r.touchpoint, r.locale),
  };
}
