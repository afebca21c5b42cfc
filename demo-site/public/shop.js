/**
 * The shop's page behaviour: a cart kept in localStorage, and the Touchpoint calls a customer would add
 * (`touchpoint('cart', …)` on every cart change, the product as `context`). What the widget must know
 * before it starts (cart, buyer, order) is told by the classic script `touchpoint-context.js`.
 * Everything the visitor sees is set with textContent, never parsed as HTML.
 */
/* global window, document, localStorage, sessionStorage, location, FormData */
import { formatPrice, productBySlug } from './products.js';

/** localStorage key of the cart: `[{ slug, qty }]`. */
const CART_KEY = 'nw_cart';
/** localStorage key of `{ items, value }` for touchpoint-context.js, which cannot import the catalogue. */
const SUMMARY_KEY = 'nw_cart_summary';
/** sessionStorage key of the last order, read by the confirmation page. */
const ORDER_KEY = 'nw_last_order';
/** localStorage key counting this browser's orders: a returning buyer is a "regular". */
const ORDERS_KEY = 'nw_orders';
/** Orders from this amount (cents) ship free. */
const FREE_SHIPPING_FROM = 10000;
/** Shipping below that amount, in cents. */
const SHIPPING = 495;
/** Most units of one product in the cart. */
const MAX_QTY = 10;

/** @typedef {{ slug: string, qty: number }} Line */

/**
 * Calls the Touchpoint widget (or its queue stub); the shop works without it.
 * @param {string} command
 * @param {unknown} [arg]
 */
function touchpoint(command, arg) {
  // read it each time: widget.js replaces the queue stub with the real function once it has loaded
  if (typeof window.touchpoint === 'function') window.touchpoint(command, arg);
}

/** @param {Storage} storage @param {string} key */
function read(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** @param {Storage} storage @param {string} key @param {unknown} value */
function write(storage, key, value) {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or blocked: the cart lasts for this page only
  }
}

/**
 * The cart's lines, keeping only known products and sane quantities.
 * @returns {Line[]}
 */
function loadCart() {
  const raw = read(localStorage, CART_KEY);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((l) => l && typeof l.slug === 'string' && productBySlug(l.slug) && Number.isInteger(l.qty) && l.qty > 0)
    .map((l) => ({ slug: l.slug, qty: Math.min(l.qty, MAX_QTY) }));
}

/** @param {Line[]} lines */
function totals(lines) {
  const items = lines.reduce((n, l) => n + l.qty, 0);
  const subtotal = lines.reduce((sum, l) => sum + (productBySlug(l.slug)?.price ?? 0) * l.qty, 0);
  const shipping = items === 0 || subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
  return { items, subtotal, shipping, total: subtotal + shipping };
}

/** Tells the widget what the cart holds (for the cart drop-off survey) and updates the header badge. */
function announceCart() {
  const { items, subtotal } = totals(loadCart());
  const summary = { items, value: subtotal / 100 };
  write(localStorage, SUMMARY_KEY, summary);
  touchpoint('cart', summary);
  for (const badge of document.querySelectorAll('[data-cart-count]')) badge.textContent = String(items);
}

/** @param {Line[]} lines */
function saveCart(lines) {
  write(
    localStorage,
    CART_KEY,
    lines.filter((l) => l.qty > 0),
  );
  announceCart();
}

/**
 * Adds units of a product, capped at MAX_QTY.
 * @param {string} slug @param {number} qty
 */
function addToCart(slug, qty) {
  const lines = loadCart();
  const line = lines.find((l) => l.slug === slug);
  if (line) line.qty = Math.min(line.qty + qty, MAX_QTY);
  else lines.push({ slug, qty: Math.min(qty, MAX_QTY) });
  saveCart(lines);
}

/**
 * A new element with text content only.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [text] @param {string} [className]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** @param {string} selector */
const $ = (selector) => /** @type {HTMLElement | null} */ (document.querySelector(selector));

/** @param {string} message */
function status(message) {
  const box = $('[data-status]');
  if (box) box.textContent = message;
}

/** Fills each `<dl data-cart-summary>` with subtotal, shipping and total. */
function renderSummary() {
  const t = totals(loadCart());
  for (const dl of document.querySelectorAll('[data-cart-summary]')) {
    const rows = [
      ['Subtotal', formatPrice(t.subtotal)],
      ['Shipping', t.shipping ? formatPrice(t.shipping) : 'Free'],
      ['Total', formatPrice(t.total)],
    ];
    dl.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  }
  const hint = t.shipping ? `Add ${formatPrice(FREE_SHIPPING_FROM - t.subtotal)} more for free shipping.` : '';
  const dl = $('[data-cart-summary]');
  if (dl && hint) dl.after(el('p', hint, 'note'));
}

/** Shows the empty or the full variant of the cart and checkout pages. */
function toggleEmpty() {
  const empty = loadCart().length === 0;
  $('[data-cart-empty]')?.toggleAttribute('hidden', !empty);
  $('[data-cart-full]')?.toggleAttribute('hidden', empty);
  return empty;
}

/** The cart page: one line per product with quantity and remove controls. */
function renderCart() {
  document.querySelectorAll('.summary .note').forEach((n) => n.remove());
  if (toggleEmpty()) return;
  const list = $('[data-cart-lines]');
  if (!list) return;
  const lines = loadCart();
  list.replaceChildren(
    ...lines.map((line) => {
      const p = /** @type {import('./products.js').Product} */ (productBySlug(line.slug));
      const li = el('li', undefined, 'cart-line');
      const img = el('img');
      img.src = `/art/${p.slug}.svg`;
      img.alt = '';
      img.width = 96;
      img.height = 77;
      const name = el('a', p.name);
      name.href = `/product/${p.slug}`;
      const qtyId = `qty-${p.slug}`;
      const label = el('label', 'Quantity', 'visually-hidden');
      label.htmlFor = qtyId;
      const qty = el('input');
      Object.assign(qty, { id: qtyId, type: 'number', min: '1', max: String(MAX_QTY), value: String(line.qty) });
      qty.inputMode = 'numeric';
      qty.addEventListener('change', () => {
        const n = Math.max(1, Math.min(MAX_QTY, Math.round(Number(qty.value)) || 1));
        saveCart(loadCart().map((l) => (l.slug === p.slug ? { ...l, qty: n } : l)));
        renderCart();
        status(`${p.name}: quantity ${n}.`);
        document.getElementById(qtyId)?.focus();
      });
      const remove = el('button', 'Remove', 'link-button');
      remove.type = 'button';
      remove.setAttribute('aria-label', `Remove ${p.name}`);
      remove.addEventListener('click', () => {
        saveCart(loadCart().filter((l) => l.slug !== p.slug));
        renderCart();
        status(`${p.name} removed from your cart.`);
        $('h1')?.setAttribute('tabindex', '-1');
        $('h1')?.focus();
      });
      const info = el('div', undefined, 'cart-line-info');
      info.append(name, el('span', formatPrice(p.price), 'muted'));
      li.append(img, info, label, qty, el('span', formatPrice(p.price * line.qty), 'price'), remove);
      return li;
    }),
  );
  renderSummary();
}

/** The checkout page: an order summary and a pretend order on submit. */
function initCheckout() {
  if (toggleEmpty()) return;
  const mini = $('[data-cart-mini]');
  mini?.replaceChildren(
    ...loadCart().map((l) => {
      const p = /** @type {import('./products.js').Product} */ (productBySlug(l.slug));
      return el('li', `${l.qty} × ${p.name} — ${formatPrice(p.price * l.qty)}`);
    }),
  );
  renderSummary();
  const form = /** @type {HTMLFormElement | null} */ ($('[data-checkout]'));
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const t = totals(loadCart());
    const order = {
      number: `NW-${Math.floor(100000 + Math.random() * 900000)}`,
      total: t.total,
      items: t.items,
      name: String(data.get('name') ?? ''),
      email: String(data.get('email') ?? ''),
      payment: String(data.get('payment') ?? ''),
      segment: segment(),
    };
    write(sessionStorage, ORDER_KEY, order);
    write(localStorage, ORDERS_KEY, (Number(read(localStorage, ORDERS_KEY)) || 0) + 1);
    saveCart([]);
    location.assign('/order-confirmation');
  });
}

/** The confirmation page: the order's details (touchpoint-context.js tells the widget about them). */
function initConfirmation() {
  const order = read(sessionStorage, ORDER_KEY);
  if (!order || typeof order.number !== 'string') return;
  const text = $('[data-order-text]');
  if (text) text.textContent = `Thank you, ${order.name}. Your order is confirmed.`;
  const set = (/** @type {string} */ sel, /** @type {string} */ value) => {
    const node = $(sel);
    if (node) node.textContent = value;
  };
  set('[data-order-number]', order.number);
  set('[data-order-total]', formatPrice(Number(order.total) || 0));
  set('[data-order-email]', order.email);
  $('[data-order]')?.removeAttribute('hidden');
}

/** `new` until this browser has ordered, then `regular`. */
const segment = () => ((Number(read(localStorage, ORDERS_KEY)) || 0) > 0 ? 'regular' : 'new');

/** The product page: the add-to-cart form. */
function initProduct() {
  const { slug = '', category = '' } = document.body.dataset;
  const product = productBySlug(slug);
  if (!product) return;
  touchpoint('context', { product: slug, category });
  const form = /** @type {HTMLFormElement | null} */ ($('[data-add-to-cart]'));
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const qty = Math.max(1, Math.min(MAX_QTY, Math.round(Number(new FormData(form).get('qty'))) || 1));
    addToCart(slug, qty);
    status(`Added ${qty} × ${product.name} to your cart.`);
  });
}

/** The poster: print button, and no broken-image icon where the collector has no QR route. */
function initPoster() {
  $('[data-print]')?.addEventListener('click', () => window.print());
  for (const img of document.querySelectorAll('img[data-hide-if-broken]')) {
    const image = /** @type {HTMLImageElement} */ (img);
    const hide = () => image.setAttribute('hidden', '');
    if (image.complete && image.naturalWidth === 0) hide();
    else image.addEventListener('error', hide);
  }
}

const PAGES = /** @type {Record<string, () => void>} */ ({
  product: initProduct,
  cart: renderCart,
  checkout: initCheckout,
  'order-confirmation': initConfirmation,
  poster: initPoster,
});

if (document.body.dataset.page !== 'poster') announceCart();
PAGES[document.body.dataset.page ?? '']?.();
// Another tab changed the cart: keep this one (and the widget) in step.
window.addEventListener('storage', (event) => {
  if (event.key !== CART_KEY) return;
  announceCart();
  if (document.body.dataset.page === 'cart') renderCart();
});
