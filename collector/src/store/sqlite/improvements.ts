import type { Database } from 'better-sqlite3';
import type { Improvement, ImprovementUpdate } from '@touchpoint/shared';
import type { ImprovementStore } from '../improvement-store.js';

interface Row {
  id: string;
  touchpoint: string | null;
  title: string;
  body: string;
  day: string;
  case_ids: string;
  created_at: string;
}

const toImprovement = (r: Row): Improvement => ({
  id: r.id,
  touchpoint: r.touchpoint,
  title: r.title,
  body: r.body,
  day: r.day,
  caseIds: JSON.parse(r.case_ids) as string[],
  createdAt: r.created_at,
});

/** The SQLite ImprovementStore (migration 012), on the store's reading connection. */
export class SqliteImprovements implements ImprovementStore {
  constructor(private readonly db: Database) {}

  list(site: string, q: { touchpoint?: string; limit: number }): Improvement[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM improvements WHERE site = @site
           AND (@touchpoint IS NULL OR touchpoint IS NULL OR touchpoint = @touchpoint)
         ORDER BY day DESC, created_at DESC LIMIT @limit`,
      )
      .all({ site, touchpoint: q.touchpoint ?? null, limit: q.limit }) as Row[];
    return rows.map(toImprovement);
  }

  get(site: string, id: string): Improvement | null {
    const row = this.db.prepare('SELECT * FROM improvements WHERE site = ? AND id = ?').get(site, id) as
      Row | undefined;
    return row ? toImprovement(row) : null;
  }

  create(site: string, i: Improvement): void {
    this.db
      .prepare(
        `INSERT INTO improvements (site, id, touchpoint, title, body, day, case_ids, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(site, i.id, i.touchpoint, i.title, i.body, i.day, JSON.stringify(i.caseIds), i.createdAt);
  }

  update(site: string, id: string, change: ImprovementUpdate): Improvement | null {
    const now = this.get(site, id);
    if (!now) return null;
    const next = { ...now, ...change };
    this.db
      .prepare(
        `UPDATE improvements SET touchpoint = ?, title = ?, body = ?, day = ?, case_ids = ? WHERE site = ? AND id = ?`,
      )
      .run(next.touchpoint, next.title, next.body, next.day, JSON.stringify(next.caseIds), site, id);
    return next;
  }

  delete(site: string, id: string): boolean {
    return this.db.prepare('DELETE FROM improvements WHERE site = ? AND id = ?').run(site, id).changes === 1;
  }

  markNotified(site: string, improvementId: string, responseId: string, at: string): boolean {
    return (
      this.db
        .prepare(
          'INSERT INTO improvement_notices (site, improvement_id, response_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(site, improvementId, responseId, at).changes === 1
    );
  }
}
