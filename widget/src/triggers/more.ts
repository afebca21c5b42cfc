import { click } from './click';
import { customEvent } from './event';
import { scrollDepth } from './scroll-depth';
import { timeOnPage } from './time-on-page';
import type { Triggers } from './types';

/** The trigger modules the loader fetches only for a config that uses them (see index.ts). */
export const MORE: Triggers = {
  'time-on-page': timeOnPage,
  'scroll-depth': scrollDepth,
  event: customEvent,
  click,
};
