import { start as cartDropOff } from './cart-drop-off';
import { start as exitIntent } from './exit-intent';
import { pageView } from './page-view';
import type { Triggers } from './types';

/**
 * The trigger modules every page view may need at once, in the loader: the demo shop's kinds, and the
 * exit detection that cart drop-off shares. The others come in a small chunk of their own (more.ts),
 * fetched only when the config has a survey of theirs; `manual` has none (only `touchpoint('show', id)`
 * opens it).
 */
export const TRIGGERS: Triggers = {
  'exit-intent': exitIntent,
  'cart-drop-off': cartDropOff,
  'page-view': pageView,
};
