import { listen, now } from '../core/dom';
import { anyRule } from '../core/url-rules';
import { watchExit } from './exit-intent';
import type { Start, TriggerOf } from './types';

/** Session flag: the visitor reached a checkout page in this tab, so leaving is not abandoning. */
const CHECKOUT_KEY = 'tp_checkout';
/** Exit intent with a full cart counts after this short arming delay (ms). */
const CART_EXIT = { armMs: 2000, minTimeOnPageMs: 0 };
/** Input that counts as activity and restarts the idle clock. */
const ACTIVITY = ['pointermove', 'pointerdown', 'keydown', 'scroll', 'touchstart'];

/** Whether the cart counts as abandoned: items in it, checkout not reached, idle long enough. */
export function cartAbandoned(items: number, checkout: boolean, idleMs: number, idleSeconds: number): boolean {
  return items > 0 && !checkout && idleMs >= idleSeconds * 1000;
}

/** Items counted from a page element's text (`<span class="cart-count">3</span>`), 0 when absent. */
export function itemsFromSelector(selector: string | undefined): number {
  try {
    return (selector && parseInt(document.querySelector(selector)!.textContent!, 10)) || 0;
  } catch {
    return 0;
  }
}

/** Cart drop-off: a full cart, then exit intent or idle, without reaching checkout. */
export const start: Start<TriggerOf<'cart-drop-off'>> = (ctx, fire) => {
  const t = ctx.t;
  const checkout = (): boolean => {
    const here = anyRule(location.href, t.checkoutUrls);
    try {
      if (here) sessionStorage.setItem(CHECKOUT_KEY, '1');
      return !!sessionStorage.getItem(CHECKOUT_KEY);
    } catch {
      return here;
    }
  };
  const due = (idleMs: number) =>
    cartAbandoned(Math.max(ctx.cart(), itemsFromSelector(t.cartSelector)), checkout(), idleMs, t.idleSeconds);
  let last = now();
  let timer: ReturnType<typeof setTimeout>;
  const tick = () => {
    const idle = now() - last;
    if (due(idle)) return fire('cart-drop-off:idle');
    timer = setTimeout(tick, Math.max(t.idleSeconds * 1000 - idle, 1000));
  };
  checkout();
  tick();
  const offs = ACTIVITY.map((type) => listen(window, type, () => (last = now()), true));
  offs.push(watchExit(ctx, CART_EXIT, (s) => due(Infinity) && fire('cart-drop-off:exit-' + s)));
  return () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
};
