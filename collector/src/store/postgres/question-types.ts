import type { Survey } from '@touchpoint/shared';
import { typeAtArrival, type QuestionTypesAt, type TypeSpan } from '../plan/type-at-arrival.js';
import type { QuestionTypeSpan } from '../store.js';
import type { Queryable } from './db.js';

/**
 * The type history of questions on PostgreSQL (table question_types, migrations/postgres/010): the rule
 * that an answer counts as the type its question had when the response first arrived
 * (plan/type-at-arrival.ts), as store/sqlite/question-types.ts keeps it on SQLite.
 */

/** A `since` before every received_at: the type held from the start. */
const FROM_START = '';

/** Every span of a site's questions, archived surveys' too, oldest first per question. */
export async function listQuestionTypes(db: Queryable, site: string): Promise<QuestionTypeSpan[]> {
  const { rows } = await db.query<QuestionTypeSpan>(
    'SELECT survey, question, since, qtype FROM question_types WHERE site = $1 ORDER BY survey, question, since',
    [site],
  );
  return rows;
}

/** The type history of `sites`, read once, as the rollup deltas read it. */
export async function typeHistory(db: Queryable, sites: readonly string[]): Promise<QuestionTypesAt> {
  const history = new Map<string, TypeSpan[]>();
  const { rows } = await db.query<QuestionTypeSpan & { site: string }>(
    `SELECT site, survey, question, since, qtype FROM question_types WHERE site = ANY($1::text[])
    ORDER BY site, survey, question, since`,
    [[...new Set(sites)]],
  );
  const key = (site: string, survey: string, question: string) => `${site}\u0000${survey}\u0000${question}`;
  for (const r of rows) {
    const k = key(r.site, r.survey, r.question);
    const spans = history.get(k);
    if (spans) spans.push({ since: r.since, qtype: r.qtype });
    else history.set(k, [{ since: r.since, qtype: r.qtype }]);
  }
  // One site per call site in practice; the survey key carries it for the others.
  return {
    typeAt: (survey, question, receivedAt) => {
      for (const site of sites) {
        const spans = history.get(key(site, survey, question));
        if (spans) return typeAtArrival(spans, receivedAt);
      }
      return null;
    },
  };
}

/**
 * Records the types of a survey as created or changed at `now`: a question's first type holds from the
 * start; a later different type from `now` on. Call inside the transaction that stores the survey.
 */
export async function recordQuestionTypes(db: Queryable, site: string, survey: Survey, now: string): Promise<void> {
  const { rows } = await db.query<{ question: string; qtype: string }>(
    `SELECT DISTINCT ON (question) question, qtype FROM question_types WHERE site = $1 AND survey = $2
    ORDER BY question, since DESC`,
    [site, survey.id],
  );
  const last = new Map(rows.map((r) => [r.question, r.qtype]));
  for (const q of survey.questions) {
    const current = last.get(q.id);
    if (current === q.type) continue;
    await db.query(
      `INSERT INTO question_types (site, survey, question, since, qtype) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (site, survey, question, since) DO UPDATE SET qtype = excluded.qtype`,
      [site, survey.id, q.id, current === undefined ? FROM_START : now, q.type],
    );
  }
}
