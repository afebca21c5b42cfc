import type { Database, Statement } from 'better-sqlite3';
import type { Survey } from '@touchpoint/shared';
import type { QuestionTypeSpan } from '../store.js';
import { typeAtArrival } from '../plan/type-at-arrival.js';

/**
 * The type history of questions (table question_types, migration 010): THE rule that an answer counts as
 * the type its question had when the response first arrived (received_at; plan/type-at-arrival.ts). The
 * scans read types through here, the write plan's rollup deltas through the site cache (site-source.ts
 * loads the same table), so a type change never reinterprets old answers on either path.
 */

/** A `since` before every received_at: the type held from the start. */
const FROM_START = '';

/** [from, to) ranges of received_at; `to` null: open-ended. */
export type TypeWindows = [string, string | null][];

/** Question id → its spans, oldest first. */
type SurveyHistory = Map<string, { since: string; qtype: string }[]>;

const SEP = '\u0000';

export class SqliteQuestionTypes {
  private readonly cache = new Map<string, SurveyHistory>();
  private readonly selectSurvey: Statement<[string, string], QuestionTypeSpan>;
  private readonly selectSite: Statement<[string], QuestionTypeSpan>;
  private readonly insert: Statement;

  constructor(private readonly db: Database) {
    const columns = 'survey, question, since, qtype';
    this.selectSurvey = db.prepare(
      `SELECT ${columns} FROM question_types WHERE site = ? AND survey = ? ORDER BY question, since`,
    );
    this.selectSite = db.prepare(
      `SELECT ${columns} FROM question_types WHERE site = ? ORDER BY survey, question, since`,
    );
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO question_types (site, survey, question, since, qtype) VALUES (?, ?, ?, ?, ?)',
    );
  }

  private history(site: string, survey: string): SurveyHistory {
    const key = site + SEP + survey;
    let h = this.cache.get(key);
    if (!h) {
      h = new Map();
      for (const s of this.selectSurvey.all(site, survey)) {
        const list = h.get(s.question) ?? [];
        list.push({ since: s.since, qtype: s.qtype });
        h.set(s.question, list);
      }
      this.cache.set(key, h);
    }
    return h;
  }

  /** The type `question` had when a response received at `receivedAt` arrived; null: not in its survey then. */
  at(site: string, survey: string, question: string, receivedAt: string): string | null {
    return typeAtArrival(this.history(site, survey).get(question) ?? [], receivedAt);
  }

  /** When `question` was of type `qtype`: null when always (one span from the start), else its windows. */
  windows(site: string, survey: string, question: string, qtype: string): TypeWindows | null {
    const spans = this.history(site, survey).get(question) ?? [];
    if (spans.length === 1 && spans[0]?.since === FROM_START && spans[0].qtype === qtype) return null;
    const out: TypeWindows = [];
    spans.forEach((s, i) => {
      if (s.qtype === qtype) out.push([s.since, spans[i + 1]?.since ?? null]);
    });
    return out;
  }

  /** Every span of a site's questions. */
  list(site: string): QuestionTypeSpan[] {
    return this.selectSite.all(site);
  }

  /**
   * Records the types of a survey as created or changed at `now`: a question's first type holds from the
   * start; a later different type from `now` on. Call inside the transaction that stores the survey.
   */
  record(site: string, survey: Survey, now: string): void {
    const h = this.history(site, survey.id);
    for (const q of survey.questions) {
      const spans = h.get(q.id);
      if (spans && spans[spans.length - 1]?.qtype === q.type) continue;
      this.insert.run(site, survey.id, q.id, spans ? now : FROM_START, q.type);
    }
    this.cache.delete(site + SEP + survey.id);
  }

  /** Forgets what is cached; the store calls it after any catalog edit (another connection may have written). */
  forget(): void {
    this.cache.clear();
  }
}
