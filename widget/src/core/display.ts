import type { Display } from '@touchpoint/shared';

/** What one visitor's browser remembers about one survey (epoch ms). */
export interface SurveyMemory {
  /** last shown */
  s?: number;
  /** answered (completed) */
  a?: number;
  /** last dismissed without answering */
  d?: number;
  /** the visitor's sampling roll in [0, 1), drawn once so sampling is per visitor, not per page view */
  r?: number;
}

/** What one visitor's browser remembers about one site. */
export interface Memory {
  /** when any survey was last shown (site-wide cooldown) */
  l?: number;
  /** per survey id */
  v: Record<string, SurveyMemory>;
}

const HOUR = 36e5;
const DAY = 864e5;

/**
 * Whether the display rules keep a survey from showing now. Pure: drive it with any memory and clock.
 * One survey per page view; sampled per visitor; a site-wide cooldown after any survey; `once` never
 * again; `until-answered` until completed; and the recontact wait after it was last shown or dismissed.
 */
export function blockedBy(
  display: Display,
  m: SurveyMemory,
  lastAny: number | undefined,
  cooldownHours: number,
  at: number,
  shownThisPage: boolean,
): boolean {
  const last = Math.max(m.s || 0, m.d || 0);
  return (
    shownThisPage ||
    !(m.r! * 100 < display.sampling) ||
    (lastAny != null && at - lastAny < cooldownHours * HOUR) ||
    (!!m.s && (display.frequency == 'once' || (display.frequency == 'until-answered' && !!m.a))) ||
    (!!last && at - last < display.recontactDays * DAY)
  );
}
