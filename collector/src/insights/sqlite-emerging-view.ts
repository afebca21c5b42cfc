import type { Database } from 'better-sqlite3';
import type { EmergingQuery } from '@touchpoint/shared';
import { emergingThemes, type EmergingComment } from './emerging.js';
import type { EmergingResults } from './emerging-results.js';
import type { EmergingView } from './insight-store.js';
import { emergingComments, windowOf, type InsightSegment } from './insight-views.js';
import { segmentWhere } from './sqlite-insight-views.js';

/**
 * Comments read per side (unmatched, matched), newest first: enough for terms used by a few comments a
 * week to stand out, small enough that the view stays interactive at 1M responses.
 */
export const EMERGING_SAMPLE = 5000;

/** The emerging-themes computation: terms of the analysed comments that no theme matched, clustered. */
export function computeEmerging(db: Database, site: string, q: EmergingQuery, segment?: InsightSegment) {
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

/** The stored emerging results of the SQLite store (022_insight_emerging_results.sql). */
export function sqliteEmergingResults(db: Database): EmergingResults {
  const comments = db
    .prepare<[string]>(
      `SELECT coalesce(sum(count), 0) FROM insight_week_rollups WHERE site = ? AND touchpoint = '' AND theme = '*'`,
    )
    .pluck();
  const stored = db.prepare<[string, string]>(
    'SELECT result, comments, read_at FROM insight_emerging WHERE site = ? AND query = ?',
  );
  // A refresh keeps read_at: only reads keep a result alive.
  const save = db.prepare(`INSERT INTO insight_emerging (site, query, computed_at, comments, examples, result, read_at)
    VALUES (@site, @query, @computedAt, @comments, @examples, @result, @computedAt) ON CONFLICT DO UPDATE SET
    computed_at = excluded.computed_at, comments = excluded.comments, examples = excluded.examples,
    result = excluded.result`);
  const touch = db.prepare<[string, string, string]>(
    'UPDATE insight_emerging SET read_at = ? WHERE site = ? AND query = ?',
  );
  const recent = db.prepare<[string]>(
    'SELECT site, query AS key, comments FROM insight_emerging WHERE read_at >= ? ORDER BY computed_at',
  );
  const prune = db.prepare<[string]>('DELETE FROM insight_emerging WHERE read_at < ?');
  return {
    compute: async (site, q, segment) => computeEmerging(db, site, q, segment),
    comments: async (site) => comments.get(site) as number,
    async stored(site, key) {
      const row = stored.get(site, key) as { result: string; comments: number; read_at: string } | undefined;
      return row ? { view: JSON.parse(row.result) as EmergingView, comments: row.comments, readAt: row.read_at } : null;
    },
    async save(site, key, n, view, examples) {
      save.run({
        site,
        query: key,
        computedAt: view.computedAt,
        comments: n,
        examples: examples.join(' '),
        result: JSON.stringify(view),
      });
    },
    async touch(site, key, readAt) {
      touch.run(readAt, site, key);
    },
    recent: async (since) => recent.all(since) as { site: string; key: string; comments: number }[],
    async prune(before) {
      prune.run(before);
    },
  };
}
