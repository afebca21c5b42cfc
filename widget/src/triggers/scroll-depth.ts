import { listen } from '../core/dom';
import type { Start, TriggerOf } from './types';

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
