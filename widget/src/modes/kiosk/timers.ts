/** Where one customer's round on the kiosk stands, as the reset timers see it (times in ms, one clock). */
export interface Round {
  /** the thank-you screen is showing */
  thanked: boolean;
  /** when the thank-you screen appeared */
  thanksAt: number;
  /** someone has touched, typed or answered since the round began */
  touched: boolean;
  /** last touch, key or answer */
  last: number;
}

/** Why the kiosk should start over for the next customer now, or '' to wait. */
export type ResetReason = 'thanks' | 'idle' | '';

/**
 * The kiosk's reset decision: after the thank-you screen has shown for `resetMs`; or mid-survey when
 * nobody touched it for `idleMs` (the customer walked away; the partial answer is kept). An untouched
 * first question waits forever: it is the kiosk's resting state.
 */
export function resetDue(r: Round, now: number, resetMs: number, idleMs: number): ResetReason {
  if (r.thanked) return now - r.thanksAt >= resetMs ? 'thanks' : '';
  return r.touched && now - r.last >= idleMs ? 'idle' : '';
}
