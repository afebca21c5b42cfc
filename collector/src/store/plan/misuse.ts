import {
  BURST_PRIOR_ANSWERS,
  BURST_WINDOW_MS,
  kioskPriorAnswers,
  misuseVerdict,
  type MisuseVerdict,
} from '../../misuse/verdict.js';
import type { ResponseRecord } from '../store.js';

/** The stretch of a kiosk's answers the burst rule looks at: complete ones in [since, until], `except` left out. */
export interface KioskWindow {
  site: string;
  kiosk: string;
  since: string;
  until: string;
  /** the response being judged (a merge must not count itself) */
  except: string;
}

/** A stored complete answer of a kiosk, as the burst rule reads it. */
export interface NearKioskAnswer {
  id: string;
  /** ISO 8601 UTC, when it was given */
  createdAt: string;
  /** already flagged (as a burst or otherwise): never flagged again */
  flagged: boolean;
}

/**
 * The port the misuse verdict reads through: a kiosk's complete answers in a window, as the store holds
 * them inside the write's transaction (so answers of the same batch count). A store with an asynchronous
 * driver asks `kioskWindow` first and passes a port that answers from those rows.
 */
export interface RecentKioskAnswers {
  near(window: KioskWindow): NearKioskAnswer[];
}

/** What the verdict is taken of: a response as it will be stored (answers merged). */
export type MisuseSubject = Pick<
  ResponseRecord,
  'id' | 'site' | 'kiosk' | 'partial' | 'createdAt' | 'durationMs' | 'clientBurst'
> & { answers: Readonly<Record<string, unknown>> };

/** The verdict of a write, and the stored answers it makes part of a burst. */
export type MisuseJudgement = MisuseVerdict & {
  /**
   * ids of the kiosk's stored clean answers this one makes part of a burst (it was given before them but
   * arrived after), for the store to flag and take out of the rollups: the verdict does not depend on the
   * order of arrival.
   */
  burstsAfter: string[];
};

/**
 * The window of a kiosk's answers a verdict needs (both sides of the response: priors of it, and later
 * answers it may be a prior of), or null when it needs none (no kiosk, or partial).
 */
export function kioskWindow(r: MisuseSubject): KioskWindow | null {
  if (!r.kiosk || r.partial) return null;
  const at = Date.parse(r.createdAt);
  const since = new Date(at - BURST_WINDOW_MS).toISOString();
  const until = new Date(at + BURST_WINDOW_MS).toISOString();
  return { site: r.site, kiosk: r.kiosk, since, until, except: r.id };
}

/**
 * Whether a response looks like misuse, and why. Flagged responses are kept (an analyst may review them)
 * but count in no score (see `countsInScores`) and start no closed-loop action.
 */
export function misuseOf(r: MisuseSubject, recent: RecentKioskAnswers): MisuseJudgement {
  const window = kioskWindow(r);
  let priors: number | null = null;
  const burstsAfter: string[] = [];
  if (window !== null) {
    const near = recent.near(window);
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
