/**
 * The misuse verdict of a response, as pure functions: the store looks up what it needs (a kiosk's recent
 * answers), the ingest service what it saw (a client's recent answers), and these decide. Flagged responses
 * are kept, for an analyst to review, but count in no score and start no closed-loop action.
 */

/** Less time than this per answer is not a person reading the question: a tap burst or a bot. */
export const MIN_MS_PER_ANSWER = 600;
/** A kiosk answer preceded by this many complete answers of the same kiosk within the window… */
export const BURST_PRIOR_ANSWERS = 2;
/** …of this many milliseconds is part of a burst: nobody queues at a kiosk that fast. */
export const BURST_WINDOW_MS = 20_000;
/**
 * A client (one address) sending more than this many complete answers for one touchpoint within
 * `CLIENT_BURST_WINDOW_MS` is no honest channel: answers are rare, a few a minute per thousand visitors of
 * a whole site, even behind carrier-grade NAT. Kiosks, which do send their queue at once, are judged by
 * their own rule instead.
 */
export const CLIENT_BURST_MAX = 10;
/** The window of the client burst rule. */
export const CLIENT_BURST_WINDOW_MS = 60_000;

/** Why a response was flagged: answered faster than a person reads, a kiosk tap burst, a client's burst. */
export type FlagReason = 'too-fast' | 'burst' | 'client-burst';

/** The misuse verdict of one response. */
export interface MisuseVerdict {
  flagged: 0 | 1;
  reason: FlagReason | null;
}

/** What the verdict is made from. */
export interface MisuseFacts {
  /** answers in the response (merged with earlier sends of it) */
  answered: number;
  /** milliseconds from the survey appearing to the last answer, as the client measured it */
  durationMs: number | null | undefined;
  /** complete answers of the same kiosk within `BURST_WINDOW_MS` before this one; null when no kiosk sent it */
  kioskPriorAnswers: number | null;
  /** whether the ingest service saw this answer as part of a client burst (`isClientBurst`) */
  clientBurst: boolean;
}

const CLEAN: MisuseVerdict = { flagged: 0, reason: null };

/** Whether a response looks like misuse, and why (the first reason that holds). */
export function misuseVerdict(f: MisuseFacts): MisuseVerdict {
  if (f.durationMs != null && f.answered > 0 && f.durationMs < MIN_MS_PER_ANSWER * f.answered) {
    return { flagged: 1, reason: 'too-fast' };
  }
  if (f.kioskPriorAnswers !== null && f.kioskPriorAnswers >= BURST_PRIOR_ANSWERS)
    return { flagged: 1, reason: 'burst' };
  if (f.clientBurst) return { flagged: 1, reason: 'client-burst' };
  return CLEAN;
}

/** A complete answer of one kiosk, as the burst rule reads it. */
export interface KioskAnswer {
  id: string;
  /** ISO 8601 UTC, when the respondent answered (the kiosk's clock, clamped) */
  createdAt: string;
}

/**
 * For each answer of one kiosk, how many others precede it within `BURST_WINDOW_MS` by when they were
 * given (created_at; equal times by id). A function of the set of answers alone, so the order in which they
 * arrive (a kiosk may send its offline queue newest first) changes no verdict: the store feeds it the
 * kiosk's answers on both sides of a new one and re-judges those after it (issue #14).
 */
export function kioskPriorAnswers(answers: readonly KioskAnswer[]): Map<string, number> {
  const sorted = answers
    .map((a) => ({ id: a.id, at: Date.parse(a.createdAt), createdAt: a.createdAt }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, number>();
  let first = 0;
  sorted.forEach((a, i) => {
    while ((sorted[first]?.at ?? a.at) < a.at - BURST_WINDOW_MS) first++;
    out.set(a.id, i - first);
  });
  return out;
}

/** Whether an answer that arrived after `priorInWindow` others for its touchpoint from its client is part of a burst. */
export function isClientBurst(priorInWindow: number): boolean {
  return priorInWindow >= CLIENT_BURST_MAX;
}
