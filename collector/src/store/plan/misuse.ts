import { BURST_WINDOW_MS, misuseVerdict, type MisuseVerdict } from '../../misuse/verdict.js';
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

/**
 * The port the misuse verdict reads through: how many complete answers a kiosk sent in a window, as the
 * store holds them inside the write's transaction (so answers of the same batch count). A store with an
 * asynchronous driver asks `kioskWindow` first and passes a port that answers from that figure.
 */
export interface RecentKioskAnswers {
  count(window: KioskWindow): number;
}

/** What the verdict is taken of: a response as it will be stored (answers merged). */
export type MisuseSubject = Pick<
  ResponseRecord,
  'id' | 'site' | 'kiosk' | 'partial' | 'createdAt' | 'durationMs' | 'clientBurst'
> & { answers: Readonly<Record<string, unknown>> };

/** The window of a kiosk's answers a verdict needs, or null when it needs none (no kiosk, or partial). */
export function kioskWindow(r: MisuseSubject): KioskWindow | null {
  if (!r.kiosk || r.partial) return null;
  const since = new Date(Date.parse(r.createdAt) - BURST_WINDOW_MS).toISOString();
  return { site: r.site, kiosk: r.kiosk, since, until: r.createdAt, except: r.id };
}

/**
 * Whether a response looks like misuse, and why. Flagged responses are kept (an analyst may review them)
 * but count in no score (see `countsInScores`) and start no closed-loop action.
 */
export function misuseOf(r: MisuseSubject, recent: RecentKioskAnswers): MisuseVerdict {
  const window = kioskWindow(r);
  return misuseVerdict({
    answered: Object.keys(r.answers).length,
    durationMs: r.durationMs,
    kioskPriorAnswers: window === null ? null : recent.count(window),
    clientBurst: r.clientBurst === true,
  });
}
