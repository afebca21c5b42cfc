import { listen, now } from '../core/dom';
import type { Start, TriggerCtx, TriggerOf } from './types';

/** Upward scroll distance (px) that can count as a mobile exit intent. */
const SCROLL_UP_PX = 120;
/** Upward speed (px/ms) that makes a scroll "fast". */
const SCROLL_UP_SPEED = 0.6;
/** One frame: the shortest time a scroll can take, so a jump is not divided by zero. */
const FRAME_MS = 16;
/** A pause this long (ms) between scroll events ends one scroll gesture. */
const PAUSE_MS = 250;

/** A raw page signal as the exit-intent decision sees it. */
export type ExitInput =
  /** `mouseout`: pointer y, and whether it moved onto another element (not out of the window) */
  | { _kind: 'leave'; _y: number; _toElement: boolean }
  /** one scroll gesture so far: distance scrolled up (px) and its duration (ms) */
  | { _kind: 'scroll'; _up: number; _ms: number }
  | { _kind: 'hidden' }
  | { _kind: 'back' };

/** Timing and device facts the decision needs. */
export interface ExitState {
  /** ms since this page view began */
  _elapsed: number;
  armMs: number;
  minTimeOnPageMs: number;
  /** a touch device (coarse pointer): scroll, hidden and back count; on desktop only the top edge does */
  _mobile: boolean;
}

/** The exit-intent signal an input amounts to (`desktop`, `scroll-up`, `hidden`, `back`), or ''. */
export function exitSignal(i: ExitInput, s: ExitState): string {
  if (s._elapsed < s.armMs || s._elapsed < s.minTimeOnPageMs) return '';
  if (i._kind == 'leave') return !i._toElement && i._y <= 0 ? 'desktop' : '';
  if (!s._mobile) return '';
  if (i._kind == 'scroll') {
    return i._up >= SCROLL_UP_PX && i._up / Math.max(i._ms, FRAME_MS) >= SCROLL_UP_SPEED ? 'scroll-up' : '';
  }
  return i._kind;
}

/** Watches every exit-intent signal; shared with cart drop-off. */
export function watchExit(
  ctx: TriggerCtx,
  cfg: { armMs: number; minTimeOnPageMs: number },
  cb: (signal: string) => void,
): () => void {
  const mobile = matchMedia('(pointer:coarse)').matches;
  const signal = (i: ExitInput) => exitSignal(i, { ...cfg, _elapsed: now() - ctx.page, _mobile: mobile });
  const check = (i: ExitInput) => {
    const s = signal(i);
    if (s) cb(s);
  };
  /** the `hidden` signal, kept until the visitor is back: a card shown on a hidden page goes unseen */
  let away = '';
  let lastY = scrollY;
  let lastT = now();
  let runY = lastY;
  let runT = lastT;
  const offs = [
    listen<MouseEvent>(document, 'mouseout', (e) =>
      check({ _kind: 'leave', _y: e.clientY, _toElement: !!e.relatedTarget }),
    ),
    listen(window, 'scroll', () => {
      const y = scrollY;
      const t = now();
      // a downward move or a pause starts a new gesture from the previous position
      if (y >= lastY || t - lastT > PAUSE_MS) {
        runY = lastY;
        runT = t;
      }
      check({ _kind: 'scroll', _up: runY - y, _ms: t - runT });
      lastY = y;
      lastT = t;
    }),
    listen(document, 'visibilitychange', () => {
      if (document.hidden) away = signal({ _kind: 'hidden' });
      else if (away) {
        cb(away);
        away = '';
      }
    }),
    // same-document back navigation (SPAs, hash routes)
    listen(window, 'popstate', () => check({ _kind: 'back' })),
    // a full back (or forward) navigation to this page, restored from the back/forward cache
    listen<PageTransitionEvent>(window, 'pageshow', (e) => e.persisted && check({ _kind: 'back' })),
  ];
  return () => offs.forEach((off) => off());
}

/** Exit intent: the visitor is about to leave. */
export const start: Start<TriggerOf<'exit-intent'>> = (ctx, fire) =>
  watchExit(ctx, ctx.t, (s) => fire('exit-intent:' + s));
