import type pg from 'pg';
import type { Improvement, ImprovementUpdate } from '@touchpoint/shared';
import { normalAddress } from '../../closed-loop/reply-limits.js';
import type { EmailPayload } from '../closed-loop-store.js';
import type { ImprovementStore, NoticeOutcome } from '../improvement-store.js';
import { inTransaction, json, unavailable } from './db.js';
import { emailRow, insertOutbox, repliedTo } from './outbox-insert.js';

interface Row {
  id: string;
  touchpoint: string | null;
  title: string;
  body: string;
  day: string;
  theme: string | null;
  case_ids: string[];
  created_at: string;
}

const toImprovement = (r: Row): Improvement => ({
  id: r.id,
  touchpoint: r.touchpoint,
  title: r.title,
  body: r.body,
  day: r.day,
  theme: r.theme,
  caseIds: r.case_ids,
  createdAt: r.created_at,
});

/**
 * First key of the transaction lock one address's notices take (the second is a hash of site and address, joined by a space no slug has):
 * any 32-bit number no other lock of the store uses.
 */
const NOTICE_LOCK_SPACE = 0x7470_6e6f; // "tpno"

/** The PostgreSQL ImprovementStore: migration 012's tables (and 016's theme) on the store's pool. */
export class PgImprovements implements ImprovementStore {
  constructor(private readonly pool: pg.Pool) {}

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params).catch((err: unknown) => {
      throw unavailable(err) ?? err;
    });
  }

  async list(site: string, q: { touchpoint?: string; limit: number }): Promise<Improvement[]> {
    const { rows } = await this.query<Row>(
      `SELECT * FROM improvements WHERE site = $1 AND ($2::text IS NULL OR touchpoint IS NULL OR touchpoint = $2)
      ORDER BY day DESC, created_at DESC, id DESC LIMIT $3`,
      [site, q.touchpoint ?? null, q.limit],
    );
    return rows.map(toImprovement);
  }

  async get(site: string, id: string): Promise<Improvement | null> {
    const { rows } = await this.query<Row>('SELECT * FROM improvements WHERE site = $1 AND id = $2', [site, id]);
    return rows[0] ? toImprovement(rows[0]) : null;
  }

  async noticeCounts(site: string): Promise<Map<string, number>> {
    const { rows } = await this.query<{ improvement_id: string; n: number }>(
      'SELECT improvement_id, count(*) AS n FROM improvement_notices WHERE site = $1 GROUP BY improvement_id',
      [site],
    );
    return new Map(rows.map((r) => [r.improvement_id, r.n]));
  }

  async create(site: string, i: Improvement): Promise<void> {
    await this.query(
      `INSERT INTO improvements (site, id, touchpoint, title, body, day, theme, case_ids, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
      [site, i.id, i.touchpoint, i.title, i.body, i.day, i.theme, json(i.caseIds), i.createdAt],
    );
  }

  async update(site: string, id: string, change: ImprovementUpdate): Promise<Improvement | null> {
    // Only the fields the change names; one statement, so two admins editing different fields keep both.
    const has = (field: keyof ImprovementUpdate) => change[field] !== undefined;
    const { rows } = await this.query<Row>(
      `UPDATE improvements SET
        touchpoint = CASE WHEN $3 THEN $4 ELSE touchpoint END,
        title = CASE WHEN $5 THEN $6 ELSE title END,
        body = CASE WHEN $7 THEN $8 ELSE body END,
        day = CASE WHEN $9 THEN $10 ELSE day END,
        theme = CASE WHEN $11 THEN $12 ELSE theme END,
        case_ids = CASE WHEN $13 THEN $14::jsonb ELSE case_ids END
      WHERE site = $1 AND id = $2 RETURNING *`,
      [
        site,
        id,
        has('touchpoint'),
        change.touchpoint ?? null,
        has('title'),
        change.title ?? null,
        has('body'),
        change.body ?? null,
        has('day'),
        change.day ?? null,
        has('theme'),
        change.theme ?? null,
        has('caseIds'),
        json(change.caseIds ?? []),
      ],
    );
    return rows[0] ? toImprovement(rows[0]) : null;
  }

  async delete(site: string, id: string): Promise<boolean> {
    const r = await this.query('DELETE FROM improvements WHERE site = $1 AND id = $2', [site, id]);
    return r.rowCount === 1;
  }

  async themeComplaints(
    site: string,
    q: { theme: string; touchpoint: string | null; sinceDay: string; limit: number },
  ): Promise<string[]> {
    // The insight tables come with the insights store on PostgreSQL (issue #15); until a migration creates
    // them no comment has a theme, so nobody complained about one.
    const { rows: exists } = await this.query<{ t: string | null }>(
      "SELECT to_regclass('response_insight_themes')::text AS t",
      [],
    );
    if (!exists[0]?.t) return [];
    const { rows } = await this.query<{ response_id: string }>(
      `SELECT response_id FROM response_insight_themes
      WHERE site = $1 AND theme = $2 AND day >= $3 AND sentiment IN ('negative', 'mixed')
        AND ($4::text IS NULL OR touchpoint = $4)
      ORDER BY day DESC, response_id DESC LIMIT $5`,
      [site, q.theme, q.sinceDay, q.touchpoint, q.limit],
    );
    return rows.map((r) => r.response_id);
  }

  async notify(n: {
    site: string;
    improvementId: string;
    responseId: string;
    mail: EmailPayload;
    at: string;
    since: string;
  }): Promise<NoticeOutcome> {
    const address = normalAddress(n.mail.to);
    return inTransaction(this.pool, async (db): Promise<NoticeOutcome> => {
      // One address at a time across collectors: two notices to one address (two improvements, or one
      // respondent's two responses) cannot both see "not mailed recently" and both queue an e-mail.
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [NOTICE_LOCK_SPACE, `${n.site} ${address}`]);
      const told = await db.query(
        'SELECT 1 FROM improvement_notices WHERE site = $1 AND improvement_id = $2 AND response_id = $3',
        [n.site, n.improvementId, n.responseId],
      );
      if ((told.rowCount ?? 0) > 0) return 'already-told';
      const out = await db.query('SELECT 1 FROM email_opt_outs WHERE site = $1 AND address = $2', [n.site, address]);
      if ((out.rowCount ?? 0) > 0) return 'opted-out';
      if (await repliedTo(db, [], n.site, address, n.since)) return 'recently-mailed';
      await db.query(
        'INSERT INTO improvement_notices (site, improvement_id, response_id, at) VALUES ($1, $2, $3, $4)',
        [n.site, n.improvementId, n.responseId, n.at],
      );
      // The closed loop's outbox: the delivery worker sends it like a reply, within the daily cap.
      await insertOutbox(db, [{ ...emailRow(n.site, n.responseId, n.mail, n.at), event: 'improvement' }]);
      return 'queued';
    }).catch((err: unknown) => {
      throw unavailable(err) ?? err;
    });
  }

  async optOut(site: string, address: string, at: string): Promise<void> {
    await this.query('INSERT INTO email_opt_outs (site, address, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      site,
      normalAddress(address),
      at,
    ]);
  }
}
