import type { Database, Statement } from 'better-sqlite3';
import {
  BURST_PRIOR_ANSWERS,
  BURST_WINDOW_MS,
  kioskPriorAnswers,
  misuseVerdict,
  type MisuseVerdict,
} from '../../misuse/verdict.js';
import type { ResponseRecord } from '../store.js';

/**
 * The misuse filter on SQLite: looks up a kiosk's recent answers and lets the pure verdict
 * (misuse/verdict.ts) decide. Flagged responses are kept (an analyst may review them) but do not count in
 * scores (see `countsInScores` in rollups.ts). Runs inside the write transaction, so the kiosk's
 * earlier answers it looks at include those committed in the same batch.
 */
export class MisuseFilter {
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

  /**
   * Whether a response (as it will be stored, answers merged) looks like misuse, and why; `burstsAfter`:
   * the kiosk's stored clean answers that this one makes part of a burst (it was given before them but
   * arrived after), for the caller to flag, so the verdict does not depend on the order of arrival.
   */
  check(
    r: Pick<ResponseRecord, 'id' | 'site' | 'kiosk' | 'partial' | 'createdAt' | 'durationMs' | 'clientBurst'> & {
      answers: Readonly<Record<string, unknown>>;
    },
  ): MisuseVerdict & { burstsAfter: string[] } {
    let priors: number | null = null;
    const burstsAfter: string[] = [];
    if (r.kiosk && !r.partial) {
      const at = Date.parse(r.createdAt);
      const since = new Date(at - BURST_WINDOW_MS).toISOString();
      const until = new Date(at + BURST_WINDOW_MS).toISOString();
      const near = this.nearOfKiosk.all(r.site, r.kiosk, since, until, r.id);
      const counts = kioskPriorAnswers([...near, { id: r.id, createdAt: r.createdAt }]);
      priors = counts.get(r.id) ?? 0;
      for (const n of near) {
        if (!n.flagged && n.createdAt >= r.createdAt && (counts.get(n.id) ?? 0) >= BURST_PRIOR_ANSWERS) {
          burstsAfter.push(n.id);
        }
      }
    }
    const verdict = misuseVerdict({
      answered: Object.keys(r.answers).length,
      durationMs: r.durationMs,
      kioskPriorAnswers: priors,
      clientBurst: r.clientBurst === true,
    });
    return { ...verdict, burstsAfter };
  }
}
