import { listen } from '../core/dom';
import type { Start, TriggerOf } from './types';

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
