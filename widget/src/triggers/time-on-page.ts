import { now } from '../core/dom';
import type { Start, TriggerOf } from './types';

/** Milliseconds still to wait before the visitor has spent `seconds` on the page (0 when due). */
export const timeLeft = (elapsedMs: number, seconds: number): number => Math.max(0, seconds * 1000 - elapsedMs);

/** Time on page: fires once the visitor has been on the page for `seconds`. */
export const timeOnPage: Start<TriggerOf<'time-on-page'>> = (ctx, fire) => {
  const id = setTimeout(() => fire('time-on-page'), timeLeft(now() - ctx.page, ctx.t.seconds));
  return () => clearTimeout(id);
};
