import type { Database, Statement } from 'better-sqlite3';
import type { KioskWindow, NearKioskAnswer, RecentKioskAnswers } from '../plan/misuse.js';

/**
 * The misuse verdict's port on SQLite (plan/misuse.ts): a kiosk's complete answers in a window. Runs
 * inside the write transaction, so the answers it reads include those committed in the same batch.
 */
export class SqliteRecentKioskAnswers implements RecentKioskAnswers {
  private readonly nearOfKiosk: Statement<
    [string, string, string, string, string],
    { id: string; createdAt: string; flagged: number }
  >;

  constructor(db: Database) {
    this.nearOfKiosk = db.prepare(
      `SELECT id, created_at AS createdAt, flagged FROM responses WHERE site = ? AND kiosk = ? AND partial = 0
       AND created_at >= ? AND created_at <= ? AND id != ?`,
    );
  }

  near(w: KioskWindow): NearKioskAnswer[] {
    return this.nearOfKiosk
      .all(w.site, w.kiosk, w.since, w.until, w.except)
      .map((r) => ({ id: r.id, createdAt: r.createdAt, flagged: r.flagged !== 0 }));
  }
}
