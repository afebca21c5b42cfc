import type { Database, Statement } from 'better-sqlite3';
import { BURST_WINDOW_MS, misuseVerdict, type MisuseVerdict } from '../../misuse/verdict.js';
import type { ResponseRecord } from '../store.js';

/**
 * The misuse filter on SQLite: looks up a kiosk's recent answers and lets the pure verdict
 * (misuse/verdict.ts) decide. Flagged responses are kept (an analyst may review them) but do not count in
 * scores (see `countsInScores` in rollups.ts). Runs inside the write transaction, so the kiosk's
 * earlier answers it looks at include those committed in the same batch.
 */
export class MisuseFilter {
  private readonly recentOfKiosk: Statement<[string, string, string, string, string], number>;

  constructor(db: Database) {
    this.recentOfKiosk = db
      .prepare(
        `SELECT count(*) FROM responses WHERE site = ? AND kiosk = ? AND partial = 0
         AND created_at >= ? AND created_at <= ? AND id != ?`,
      )
      .pluck() as Statement<[string, string, string, string, string], number>;
  }

  /** Whether a response (as it will be stored, answers merged) looks like misuse, and why. */
  check(
    r: Pick<ResponseRecord, 'id' | 'site' | 'kiosk' | 'partial' | 'createdAt' | 'durationMs' | 'clientBurst'> & {
      answers: Readonly<Record<string, unknown>>;
    },
  ): MisuseVerdict {
    let kioskPriorAnswers: number | null = null;
    if (r.kiosk && !r.partial) {
      const since = new Date(Date.parse(r.createdAt) - BURST_WINDOW_MS).toISOString();
      kioskPriorAnswers = this.recentOfKiosk.get(r.site, r.kiosk, since, r.createdAt, r.id) ?? 0;
    }
    return misuseVerdict({
      answered: Object.keys(r.answers).length,
      durationMs: r.durationMs,
      kioskPriorAnswers,
      clientBurst: r.clientBurst === true,
    });
  }
}
