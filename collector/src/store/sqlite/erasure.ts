import type { Database } from 'better-sqlite3';
import type { Survey } from '@touchpoint/shared';
import { withoutCommentsOf, type NotifyPayload } from '../../closed-loop/notify.js';
import { emailKey } from '../../lib/email-key.js';
import type { RespondentErasure, RetentionAction } from '../store.js';
import type { SqliteRollups } from './rollups.js';

/** Question types whose answers are the respondent's own words (or address): removed by anonymisation. */
const FREE_TEXT_TYPES = new Set(['text', 'contact']);

/** Responses retention treats per transaction: ~0.1 s of holding the write lock (measured ~6k/s anonymised). */
const RETENTION_BATCH = 500;

/** Said in an erasure's reply when the write-ahead log could not be emptied at once. */
const WAL_BUSY_NOTE =
  'the write-ahead log was in use and could not be emptied at once; the erased pages leave it at the next checkpoint';

/**
 * Erasure and retention on SQLite. Rows go with `secure_delete` on (database.ts), so their bytes are
 * overwritten, and afterwards the write-ahead log is checkpointed and truncated: otherwise the old pages
 * would stay readable in the -wal file until it is next reused.
 */
export class SqliteErasure {
  constructor(
    private readonly db: Database,
    private readonly rollups: SqliteRollups,
  ) {}

  /** See `Store.deleteRespondent`. */
  eraseRespondent(site: string, respondent: string): RespondentErasure {
    const key = emailKey(respondent);
    // One indexed lookup per way of matching: an OR across the three columns would scan the site's rows.
    const where = `id IN (SELECT id FROM responses WHERE site = ? AND respondent_id = ?
      UNION SELECT id FROM responses WHERE site = ? AND email_key = ?
      UNION SELECT id FROM responses WHERE site = ? AND contact_key = ?)`;
    const params = [site, respondent, site, key, site, key];
    const ids = `SELECT id FROM responses WHERE ${where}`;
    const counts = this.db
      .transaction(() => {
        // Cases (with their notes) and outbox rows all belong to a response and would go with it (ON DELETE
        // CASCADE); deleted first so that the reply can count them.
        const cases = this.db.prepare(`DELETE FROM cases WHERE response_id IN (${ids})`).run(...params).changes;
        const deliveries = this.db.prepare(`DELETE FROM outbox WHERE response_id IN (${ids})`).run(...params).changes;
        const erased = this.db
          .prepare(ids)
          .pluck()
          .all(...params) as string[];
        this.scrubDigests(site, erased);
        this.forgetReceipts(site, erased, 'delete');
        const responses = this.rollups.deleteResponses(where, params);
        return { responses, cases, deliveries };
      })
      .immediate();
    const notes = counts.responses + counts.cases + counts.deliveries > 0 && !this.checkpoint() ? [WAL_BUSY_NOTE] : [];
    return { ...counts, notes };
  }

  /**
   * See `Store.applyRetention`. Rollups keep counting what was removed: aggregates identify no one. Works
   * in batches, each its own short transaction with a turn of the event loop between, so that a first run
   * over years of responses never holds the write lock long enough to stall ingest.
   */
  async applyRetention(site: string, before: string, action: RetentionAction): Promise<number> {
    let changed = 0;
    for (;;) {
      const batch = this.db
        .transaction(() => (action === 'delete' ? this.deleteOld(site, before) : this.anonymiseOld(site, before)))
        .immediate();
      changed += batch;
      if (batch < RETENTION_BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (changed > 0) this.checkpoint();
    return changed;
  }

  private deleteOld(site: string, before: string): number {
    // Straight DELETE, not through the rollups: the scores of past days stay as they were.
    const gone = this.db
      .prepare(
        `DELETE FROM responses WHERE id IN (
        SELECT id FROM responses WHERE site = ? AND created_at < ? LIMIT ${RETENTION_BATCH}) RETURNING id`,
      )
      .pluck()
      .all(site, before) as string[];
    this.scrubDigests(site, gone);
    this.forgetReceipts(site, gone, 'delete');
    return gone.length;
  }

  /**
   * Takes the given responses' comments out of the site's chat digests (sent or not): a digest quotes
   * comments in its payload, and has no response of its own to be deleted with. In the caller's transaction.
   */
  private scrubDigests(site: string, responses: readonly string[]): void {
    if (responses.length === 0) return;
    const rows = this.db
      .prepare(
        `SELECT id, payload FROM outbox o WHERE site = ? AND kind = 'notify' AND event = 'digest' AND EXISTS (
          SELECT 1 FROM json_each(o.payload, '$.digest.comments') c
          WHERE json_extract(c.value, '$.responseId') IS NULL
            OR json_extract(c.value, '$.responseId') IN (SELECT value FROM json_each(?)))`,
      )
      .all(site, JSON.stringify(responses)) as { id: string; payload: string }[];
    const gone = new Set(responses);
    const update = this.db.prepare('UPDATE outbox SET payload = ? WHERE id = ?');
    for (const r of rows) {
      const scrubbed = withoutCommentsOf(JSON.parse(r.payload) as NotifyPayload, gone);
      if (scrubbed) update.run(JSON.stringify(scrubbed), r.id);
    }
  }

  /**
   * The receipt rows of the given responses (in the caller's transaction): deleted with them, their scans and
   * the notices they were sent; anonymised, the scan loses its transaction id and till (as the response loses
   * its variables) and keeps when it was issued and valid, so it still counts as verified.
   */
  private forgetReceipts(site: string, responses: readonly string[], action: RetentionAction): void {
    if (responses.length === 0) return;
    const ids = JSON.stringify(responses);
    const batch = 'SELECT value FROM json_each(?)';
    if (action === 'anonymise') {
      this.db
        .prepare(`UPDATE receipt_scans SET txn = '', till = NULL WHERE site = ? AND response_id IN (${batch})`)
        .run(site, ids);
      return;
    }
    this.db.prepare(`DELETE FROM receipt_scans WHERE site = ? AND response_id IN (${batch})`).run(site, ids);
    this.db.prepare(`DELETE FROM improvement_notices WHERE site = ? AND response_id IN (${batch})`).run(site, ids);
  }

  private anonymiseOld(site: string, before: string): number {
    const rows = this.db
      .prepare(
        `SELECT id, survey, answers FROM responses
        WHERE site = ? AND created_at < ? AND anonymised_at IS NULL LIMIT ${RETENTION_BATCH}`,
      )
      .all(site, before) as { id: string; survey: string; answers: string }[];
    if (rows.length === 0) return 0;
    const surveys = new Map<string, { known: Set<string>; text: Set<string> }>();
    const questionsOf = (survey: string) => {
      let found = surveys.get(survey);
      if (!found) {
        const row = this.db.prepare('SELECT definition FROM surveys WHERE site = ? AND id = ?').get(site, survey) as
          { definition: string } | undefined;
        const questions = row ? (JSON.parse(row.definition) as Survey).questions : [];
        found = {
          known: new Set(questions.map((q) => q.id)),
          text: new Set(questions.filter((q) => FREE_TEXT_TYPES.has(q.type)).map((q) => q.id)),
        };
        surveys.set(survey, found);
      }
      return found;
    };
    const update = this.db.prepare(`UPDATE responses SET answers = ?, vars = '{}', url = NULL, referrer = NULL,
      respondent_id = NULL, respondent_email = NULL, email_key = NULL, contact_key = NULL, anonymised_at = ?
      WHERE id = ?`);
    const now = new Date().toISOString();
    for (const r of rows) {
      const { known, text } = questionsOf(r.survey);
      const answers = JSON.parse(r.answers) as Record<string, unknown>;
      // Scored and choice answers stay (they feed scores); typed words go, and so does any string
      // answer to a question the survey no longer has (it might have been free text).
      const kept = Object.fromEntries(
        Object.entries(answers).filter(([q, v]) => !text.has(q) && (known.has(q) || typeof v !== 'string')),
      );
      update.run(JSON.stringify(kept), now, r.id);
    }
    // The batch's ids as one JSON parameter: each statement below looks them up by index.
    const ids = JSON.stringify(rows.map((r) => r.id));
    const batch = 'SELECT value FROM json_each(?)';
    this.db
      .prepare(`DELETE FROM case_notes WHERE case_id IN (SELECT id FROM cases WHERE response_id IN (${batch}))`)
      .run(ids);
    this.db.prepare(`UPDATE cases SET contact = NULL, verbatim = NULL WHERE response_id IN (${batch})`).run(ids);
    // Payloads hold the whole response as it was sent.
    this.db.prepare(`DELETE FROM outbox WHERE response_id IN (${batch})`).run(ids);
    this.scrubDigests(
      site,
      rows.map((r) => r.id),
    );
    this.forgetReceipts(
      site,
      rows.map((r) => r.id),
      'anonymise',
    );
    return rows.length;
  }

  /**
   * Copies the write-ahead log into the database and truncates it to zero bytes, so pages written before
   * an erasure are gone from the -wal file too. False when a reader or writer kept it from finishing.
   */
  private checkpoint(): boolean {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy === 0;
  }
}
