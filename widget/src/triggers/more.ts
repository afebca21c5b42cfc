import { start as cartDropOff } from './cart-drop-off';
import { click } from './click';
import { customEvent } from './event';
import { start as exitIntent } from './exit-intent';
import { scrollDepth } from './scroll-depth';
import { timeOnPage } from './time-on-page';
import type { Triggers } from './types';

/** The trigger modules the loader fetches only when a survey of theirs applies to the page (see index.ts). */
export const MORE: Triggers = {
  'exit-intent': exitIntent,
  'cart-drop-off': cartDropOff,
  'time-on-page': timeOnPage,
  'scroll-depth': scrollDepth,
  event: customEvent,
  click,
};
