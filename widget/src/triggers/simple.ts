import { listen, now } from '../core/dom';
import type { Start, TriggerOf } from './types';

/** Milliseconds still to wait before the visitor has spent `seconds` on the page (0 when due). */
export const timeLeft = (elapsedMs: number, seconds: number): number => Math.max(0, seconds * 1000 - elapsedMs);

/** Time on page: fires once the visitor has been on the page for `seconds`. */
export const timeOnPage: Start<TriggerOf<'time-on-page'>> = (ctx, fire) => {
  const id = setTimeout(() => fire('time-on-page'), timeLeft(now() - ctx._page, ctx.t.seconds));
  return () => clearTimeout(id);
};

/** How far down the page the bottom of the viewport is, in percent (100 when nothing scrolls). */
export function scrollPercent(scrollY: number, viewport: number, docHeight: number): number {
  return docHeight <= viewport ? 100 : ((scrollY + viewport) / docHeight) * 100;
}

/** Scroll depth: fires when the visitor has seen `percent` of the page. */
export const scrollDepth: Start<TriggerOf<'scroll-depth'>> = (ctx, fire) => {
  const check = () => {
    if (scrollPercent(scrollY, innerHeight, document.documentElement.scrollHeight) >= ctx.t.percent) {
      fire('scroll-depth:' + ctx.t.percent);
    }
  };
  const id = setTimeout(check);
  const off = listen(window, 'scroll', check);
  return () => (clearTimeout(id), off());
};

/** Whether a tracked event is the one the survey waits for. */
export const eventMatches = (expected: string, name: unknown): boolean => expected === name;

/** Custom event: fires on `touchpoint('track', name)`. */
export const customEvent: Start<TriggerOf<'event'>> = (ctx, fire) =>
  ctx._onTrack((name) => eventMatches(ctx.t.name, name) && fire('event:' + name));

/** Whether a click target is (inside) an element matching the selector; an invalid selector never matches. */
export function clickMatches(target: EventTarget | null, selector: string): boolean {
  try {
    return target instanceof Element && !!target.closest(selector);
  } catch {
    return false;
  }
}

/** Element click: fires when the visitor clicks an element matching the CSS selector. */
export const click: Start<TriggerOf<'click'>> = (ctx, fire) =>
  listen(document, 'click', (e) => clickMatches(e.target, ctx.t.selector) && fire('click'), true);

/** Page view: fires as soon as the page (or SPA route) is shown. */
export const pageView: Start = (_ctx, fire) => {
  const id = setTimeout(() => fire('page-view'));
  return () => clearTimeout(id);
};
