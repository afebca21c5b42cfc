/* global window, localStorage, sessionStorage, location */
/**
 * What the widget should know before it starts, told through the queue: the cart, whether the visitor
 * is a returning buyer, and on the confirmation page the order and the buyer's e-mail (for follow-up).
 * A classic script between the stub and widget.js, so these calls are queued before any survey can
 * open, like the inline `touchpoint(...)` lines a server-rendered shop would print there.
 * Storage keys are shop.js's.
 */
(() => {
  /** @param {Storage} storage @param {string} key */
  const read = (storage, key) => {
    try {
      return JSON.parse(storage.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  };
  /** @param {string} command @param {unknown} arg */
  const touchpoint = (command, arg) => window.touchpoint?.(command, arg);

  const cart = read(localStorage, 'nw_cart_summary');
  touchpoint('cart', { items: Number(cart?.items) || 0, value: Number(cart?.value) || 0 });
  const order = location.pathname === '/order-confirmation' ? read(sessionStorage, 'nw_last_order') : null;
  if (order && typeof order.email === 'string') {
    touchpoint('identify', { email: order.email, segment: String(order.segment) });
    touchpoint('context', {
      orderValue: (Number(order.total) || 0) / 100,
      buyer: true,
      payment: String(order.payment),
    });
  } else {
    touchpoint('identify', { segment: (Number(read(localStorage, 'nw_orders')) || 0) > 0 ? 'regular' : 'new' });
  }
})();
