import type { Database } from 'better-sqlite3';
import type { Improvement, ImprovementUpdate } from '@touchpoint/shared';
import { normalAddress } from '../../closed-loop/reply-limits.js';
import { uuidv7 } from '../../lib/uuid.js';
import type { EmailPayload } from '../closed-loop-store.js';
import type { ImprovementStore, NoticeOutcome } from '../improvement-store.js';

interface Row {
  id: string;
  touchpoint: string | null;
  title: string;
  body: string;
  day: string;
  theme: string | null;
  case_ids: string;
  created_at: string;
}

const toImprovement = (r: Row): Improvement => ({
  id: r.id,
  touchpoint: r.touchpoint,
  title: r.title,
  body: r.body,
  day: r.day,
  theme: r.theme,
  caseIds: JSON.parse(r.case_ids) as string[],
  createdAt: r.created_at,
});

/** The SQLite ImprovementStore (migration 012), on the store's reading connection. */
export class SqliteImprovements implements ImprovementStore {
  constructor(private readonly db: Database) {}

  async list(site: string, q: { touchpoint?: string; limit: number }): Promise<Improvement[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM improvements WHERE site = @site
           AND (@touchpoint IS NULL OR touchpoint IS NULL OR touchpoint = @touchpoint)
         ORDER BY day DESC, created_at DESC LIMIT @limit`,
      )
      .all({ site, touchpoint: q.touchpoint ?? null, limit: q.limit }) as Row[];
    return rows.map(toImprovement);
  }

  async get(site: string, id: string): Promise<Improvement | null> {
    const row = this.db.prepare('SELECT * FROM improvements WHERE site = ? AND id = ?').get(site, id) as
      Row | undefined;
    return row ? toImprovement(row) : null;
  }

  async noticeCounts(site: string): Promise<Map<string, number>> {
    const rows = this.db
      .prepare('SELECT improvement_id, count(*) AS n FROM improvement_notices WHERE site = ? GROUP BY improvement_id')
      .all(site) as { improvement_id: string; n: number }[];
    return new Map(rows.map((r) => [r.improvement_id, r.n]));
  }

  async create(site: string, i: Improvement): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO improvements (site, id, touchpoint, title, body, day, theme, case_ids, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(site, i.id, i.touchpoint, i.title, i.body, i.day, i.theme, JSON.stringify(i.caseIds), i.createdAt);
  }

  async update(site: string, id: string, change: ImprovementUpdate): Promise<Improvement | null> {
    const now = await this.get(site, id);
    if (!now) return null;
    const next = { ...now, ...change };
    this.db
      .prepare(
        `UPDATE improvements SET touchpoint = ?, title = ?, body = ?, day = ?, theme = ?, case_ids = ?
           WHERE site = ? AND id = ?`,
      )
      .run(next.touchpoint, next.title, next.body, next.day, next.theme, JSON.stringify(next.caseIds), site, id);
    return next;
  }

  async delete(site: string, id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM improvements WHERE site = ? AND id = ?').run(site, id).changes === 1;
  }

  async themeComplaints(
    site: string,
    q: { theme: string; touchpoint: string | null; sinceDay: string; limit: number },
  ): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT response_id FROM response_insight_themes
         WHERE site = @site AND theme = @theme AND day >= @sinceDay AND sentiment IN ('negative', 'mixed')
           AND (@touchpoint IS NULL OR touchpoint = @touchpoint)
         ORDER BY day DESC, response_id DESC LIMIT @limit`,
      )
      .all({ site, theme: q.theme, touchpoint: q.touchpoint, sinceDay: q.sinceDay, limit: q.limit }) as {
      response_id: string;
    }[];
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
    return this.db
      .transaction((): NoticeOutcome => {
        const told = this.db
          .prepare('SELECT 1 FROM improvement_notices WHERE site = ? AND improvement_id = ? AND response_id = ?')
          .get(n.site, n.improvementId, n.responseId);
        if (told) return 'already-told';
        if (this.db.prepare('SELECT 1 FROM email_opt_outs WHERE site = ? AND address = ?').get(n.site, address))
          return 'opted-out';
        const recent = this.db
          .prepare(`SELECT 1 FROM outbox WHERE site = ? AND kind = 'email' AND lower(target) = ? AND created_at >= ?`)
          .get(n.site, address, n.since);
        if (recent) return 'recently-mailed';
        this.db
          .prepare('INSERT INTO improvement_notices (site, improvement_id, response_id, at) VALUES (?, ?, ?, ?)')
          .run(n.site, n.improvementId, n.responseId, n.at);
        // The closed loop's outbox (migration 003): the delivery worker sends it like a reply, within the cap.
        this.db
          .prepare(
            `INSERT INTO outbox (id, site, response_id, kind, event, target, payload, status, attempts, next_attempt_at,
             created_at) VALUES (?, ?, ?, 'email', 'improvement', ?, ?, 'pending', 0, ?, ?)`,
          )
          .run(uuidv7(), n.site, n.responseId, n.mail.to, JSON.stringify(n.mail), n.at, n.at);
        return 'queued';
      })
      .immediate(); // it reads before it writes: the write lock first, so its snapshot cannot go stale
  }

  async optOut(site: string, address: string, at: string): Promise<void> {
    this.db
      .prepare('INSERT INTO email_opt_outs (site, address, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(site, normalAddress(address), at);
  }
}
