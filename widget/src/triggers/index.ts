import { itemsFromSelector } from './cart-drop-off';
import { pageView } from './page-view';
import type { Start, TriggerOf, Triggers } from './types';

/** How often (ms) a cart drop-off survey looks whether the page now reports items in the cart. */
const CART_POLL_MS = 1000;

/**
 * Cart drop-off until the cart has items: nothing can be abandoned from an empty cart, so its module
 * (with the exit detection it shares with exit intent, in the triggers chunk) is fetched only once the
 * page reports items, by `touchpoint('cart', …)` or in the `cartSelector` element. A page where the
 * cart is empty loads nothing more.
 */
const cartWait: Start<TriggerOf<'cart-drop-off'>> = (ctx, fire) => {
  let timer: ReturnType<typeof setTimeout>;
  let stop: (() => void) | undefined;
  let stopped = false;
  const check = () => {
    if (ctx.cart() > 0 || itemsFromSelector(ctx.t.cartSelector) > 0)
      ctx.more().then(() => {
        const real = TRIGGERS['cart-drop-off'];
        if (!stopped && real != cartWait) stop = real!(ctx as never, fire);
      });
    else timer = setTimeout(check, CART_POLL_MS);
  };
  check();
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop?.();
  };
};

/**
 * The trigger modules in the loader: page view, and cart drop-off's wait for a full cart. The others
 * (exit intent, the cart drop-off module itself, time on page, scroll depth, event, click) come in a
 * small chunk of their own (more.ts), fetched only when a survey of theirs applies to the page (for
 * cart drop-off, once the cart has items), which replace these; `manual` has none (only
 * `touchpoint('show', id)` opens it).
 */
export const TRIGGERS: Triggers = {
  'cart-drop-off': cartWait as Start<never>,
  'page-view': pageView,
};
