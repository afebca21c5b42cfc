import type { Database } from 'better-sqlite3';
import type { EmergingQuery } from '@touchpoint/shared';
import { emergingThemes, type EmergingComment } from './emerging.js';
import { emergingComments, windowOf, type InsightSegment } from './insight-views.js';
import { segmentWhere } from './sqlite-insight-views.js';

/**
 * Comments read per side (unmatched, matched), newest first: enough for terms used by a few comments a
 * week to stand out, small enough that the view stays interactive at 1M responses.
 */
export const EMERGING_SAMPLE = 5000;

/** GET …/insights/emerging: terms of the analysed comments that no theme matched, clustered. */
export function emergingView(db: Database, site: string, q: EmergingQuery, segment?: InsightSegment) {
  const { from, to } = windowOf(q);
  const seg = segment ? segmentWhere(segment) : { sql: '', params: {} };
  // The response row is joined anyway (for the answer), so the segment is a condition on it.
  const tp = `${q.touchpoint ? ' AND ri.touchpoint = @touchpoint' : ''}${seg.sql}`;
  const read = (matched: boolean): EmergingComment[] => {
    const rows = db
      .prepare(
        `SELECT ri.response_id, ri.language, ri.question, r.answers FROM response_insights ri
        JOIN responses r ON r.id = ri.response_id
        WHERE ri.site = @site AND ri.has_text = 1 AND ri.analysed = 1 AND ri.day BETWEEN @from AND @to${tp}
          AND ${matched ? '' : 'NOT '}EXISTS (SELECT 1 FROM response_insight_themes t WHERE t.response_id = ri.response_id)
        ORDER BY ri.day DESC, ri.response_id DESC LIMIT @limit`,
      )
      .all({ ...seg.params, site, from, to, touchpoint: q.touchpoint ?? '', limit: EMERGING_SAMPLE }) as {
      response_id: string;
      language: string | null;
      question: string;
      answers: string;
    }[];
    return emergingComments(
      rows.map((r) => ({
        responseId: r.response_id,
        language: r.language,
        question: r.question,
        answers: JSON.parse(r.answers) as Record<string, unknown>,
      })),
    );
  };
  const unmatched = read(false);
  const clusters = emergingThemes(unmatched, read(true), { minCount: q.minCount, limit: q.limit });
  return { from, to, unmatched: unmatched.length, clusters };
}
