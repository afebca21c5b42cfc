import { start as cartDropOff } from './cart-drop-off';
import { click } from './click';
import { customEvent } from './event';
import { start as exitIntent } from './exit-intent';
import { pageView } from './page-view';
import { scrollDepth } from './scroll-depth';
import { timeOnPage } from './time-on-page';
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
