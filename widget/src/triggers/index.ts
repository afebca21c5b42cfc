import { start as cartDropOff } from './cart-drop-off';
import { start as exitIntent } from './exit-intent';
import { click, customEvent, pageView, scrollDepth, timeOnPage } from './simple';
import type { Start } from './types';

/** Trigger modules by type; `manual` has none (only `touchpoint('show', id)` opens it). */
export const TRIGGERS: Record<string, Start<never>> = {
  'exit-intent': exitIntent,
  'cart-drop-off': cartDropOff,
  'time-on-page': timeOnPage,
  'scroll-depth': scrollDepth,
  event: customEvent,
  click,
  'page-view': pageView,
};
