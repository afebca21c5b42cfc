import type { Database, Statement } from 'better-sqlite3';
import type { ResponseRecord } from '../store.js';

/** Less time than this per answer is not a person reading the question: a tap burst or a bot. */
export const MIN_MS_PER_ANSWER = 600;
/** A kiosk answer preceded by this many complete answers of the same kiosk within the window… */
export const BURST_PRIOR_ANSWERS = 2;
/** …of this many milliseconds is part of a burst: nobody queues at a kiosk that fast. */
export const BURST_WINDOW_MS = 20_000;

/** The misuse verdict of one response. */
export interface MisuseVerdict {
  flagged: 0 | 1;
  reason: 'too-fast' | 'burst' | null;
}

const CLEAN: MisuseVerdict = { flagged: 0, reason: null };

/**
 * The misuse filter. Flagged responses are kept (an analyst may review them) but do not count in
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
    r: Pick<ResponseRecord, 'id' | 'site' | 'kiosk' | 'partial' | 'createdAt' | 'durationMs'> & {
      answers: Readonly<Record<string, unknown>>;
    },
  ): MisuseVerdict {
    const answered = Object.keys(r.answers).length;
    if (r.durationMs != null && answered > 0 && r.durationMs < MIN_MS_PER_ANSWER * answered) {
      return { flagged: 1, reason: 'too-fast' };
    }
    if (r.kiosk && !r.partial) {
      const at = Date.parse(r.createdAt);
      const since = new Date(at - BURST_WINDOW_MS).toISOString();
      if ((this.recentOfKiosk.get(r.site, r.kiosk, since, r.createdAt, r.id) ?? 0) >= BURST_PRIOR_ANSWERS) {
        return { flagged: 1, reason: 'burst' };
      }
    }
    return CLEAN;
  }
}
