import type { Database, Statement } from 'better-sqlite3';
import type { KioskWindow, RecentKioskAnswers } from '../plan/misuse.js';

/**
 * The misuse verdict's port on SQLite (plan/misuse.ts): a kiosk's complete answers in a window. Runs
 * inside the write transaction, so the answers it counts include those committed in the same batch.
 */
export class SqliteRecentKioskAnswers implements RecentKioskAnswers {
  private readonly recentOfKiosk: Statement<[string, string, string, string, string], number>;

  constructor(db: Database) {
    this.recentOfKiosk = db
      .prepare(
        `SELECT count(*) FROM responses WHERE site = ? AND kiosk = ? AND partial = 0
         AND created_at >= ? AND created_at <= ? AND id != ?`,
      )
      .pluck() as Statement<[string, string, string, string, string], number>;
  }

  count(w: KioskWindow): number {
    return this.recentOfKiosk.get(w.site, w.kiosk, w.since, w.until, w.except) ?? 0;
  }
}
