#!/usr/bin/env node
/**
 * The demo shop's web server: plain `node:http`, no dependencies. Serves the page templates in
 * `pages/` under clean URLs, the files in `public/`, and generated product illustrations; fills in
 * the collector URL the widget is embedded from.
 */
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productArt } from './lib/art.mjs';
import { formatPrice, PRODUCTS, productBySlug } from './public/products.js';

/** Port the shop listens on when DEMO_PORT is not set (the demo site's allowed origins use it). */
export const DEFAULT_PORT = 5173;
/** Collector the widget is embedded from when TOUCHPOINT_COLLECTOR_URL is not set. */
export const DEFAULT_COLLECTOR = 'http://127.0.0.1:8787';
/** The shop binds to loopback only: it is a local demo. */
const HOST = '127.0.0.1';
/** Largest request body read (the no-JavaScript checkout post); more is refused. */
const MAX_BODY_BYTES = 16 * 1024;

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const PUBLIC_DIR = join(ROOT, 'public');
const PAGES_DIR = join(ROOT, 'pages');

/** Clean URL → page template (`pages/<name>.html`). */
const ROUTES = new Map([
  ['/', 'index'],
  ['/cart', 'cart'],
  ['/checkout', 'checkout'],
  ['/order-confirmation', 'order-confirmation'],
  ['/kiosk', 'kiosk'],
  ['/poster', 'poster'],
]);
const PRODUCT_PATH = /^\/product\/([a-z0-9-]{1,64})$/;
const ART_PATH = /^\/art\/([a-z0-9-]{1,64})\.svg$/;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** @param {string} s */
const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The collector's origin-and-path base without a trailing slash; refuses anything but http(s).
 * @param {string} url
 */
function collectorBase(url) {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`collector URL must be http(s): ${url}`);
  return (u.origin + u.pathname).replace(/\/+$/, '');
}

/**
 * Security headers of every HTML page: only the shop's own scripts and the collector's widget may run.
 * @param {string} collectorOrigin
 */
function securityHeaders(collectorOrigin) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${collectorOrigin}`,
    `connect-src 'self' ${collectorOrigin}`,
    `img-src 'self' ${collectorOrigin} data:`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'no-cache',
  };
}

/**
 * Replaces each `%NAME%` with `vars.NAME` (HTML-escaped) or `raw.NAME` (already HTML); leaves others.
 * @param {string} template
 * @param {Record<string, string>} vars
 * @param {Record<string, string>} [raw]
 */
function render(template, vars, raw = {}) {
  return template.replace(/%([A-Z_]+)%/g, (m, /** @type {string} */ key) => {
    const html = raw[key];
    const text = vars[key];
    return html ?? (text === undefined ? m : escapeHtml(text));
  });
}

/** @param {import('./public/products.js').Product} p */
const productCard = (p) => `<li class="card">
  <a href="/product/${p.slug}">
    <img src="/art/${p.slug}.svg" alt="" width="200" height="160">
    <span class="card-name">${escapeHtml(p.name)}</span>
  </a>
  <span class="card-summary">${escapeHtml(p.summary)}</span>
  <span class="price">${formatPrice(p.price)}</span>
</li>`;

/**
 * Starts the shop on 127.0.0.1.
 * @param {{ port?: number, collectorUrl?: string }} [opts] port 0 picks a free one
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startShop(opts = {}) {
  const collector = collectorBase(opts.collectorUrl ?? DEFAULT_COLLECTOR);
  const headers = securityHeaders(new URL(collector).origin);
  /** @type {Map<string, string>} */
  const templates = new Map();
  for (const file of readdirSync(PAGES_DIR)) {
    if (file.endsWith('.html')) templates.set(file.slice(0, -5), readFileSync(join(PAGES_DIR, file), 'utf8'));
  }
  const partials = { HEADER: templates.get('_header') ?? '', FOOTER: templates.get('_footer') ?? '' };
  const common = { COLLECTOR: collector };
  /** @param {string} name @param {Record<string, string>} [vars] @param {Record<string, string>} [raw] */
  const page = (name, vars = {}, raw = {}) =>
    render(String(templates.get(name)), { ...common, ...vars }, { ...partials, ...raw });

  // The static files are listed once: a request can only ever name one of them, so no path can
  // climb out of public/ however it is encoded.
  /** @type {Map<string, { body: Buffer, type: string }>} */
  const files = new Map();
  for (const entry of readdirSync(PUBLIC_DIR, { withFileTypes: true })) {
    const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(entry.name))];
    if (entry.isFile() && type) files.set('/' + entry.name, { body: readFileSync(join(PUBLIC_DIR, entry.name)), type });
  }
  const featured = PRODUCTS.filter((p) => p.featured)
    .map(productCard)
    .join('\n');
  const more = PRODUCTS.filter((p) => !p.featured)
    .map(productCard)
    .join('\n');

  /**
   * What a GET of this path answers.
   * @param {string} path
   * @returns {{ status: number, type: string, body: string | Buffer }}
   */
  function resolve(path) {
    const html = (/** @type {string} */ body, status = 200) => ({ status, type: TYPES['.html'], body });
    const name = ROUTES.get(path);
    if (name === 'index') return html(page('index', {}, { FEATURED: featured, MORE: more }));
    if (name) return html(page(name));
    const product = productBySlug(PRODUCT_PATH.exec(path)?.[1] ?? '');
    if (product) {
      return html(
        page('product', {
          SLUG: product.slug,
          NAME: product.name,
          PRICE: formatPrice(product.price),
          CATEGORY: product.category,
          SUMMARY: product.summary,
          DESCRIPTION: product.description,
        }),
      );
    }
    const art = productBySlug(ART_PATH.exec(path)?.[1] ?? '');
    if (art) return { status: 200, type: TYPES['.svg'], body: productArt(art.art, art.color) };
    const file = files.get(path);
    if (file) return { status: 200, ...file };
    return html(page('not-found'), 404);
  }

  const server = createServer((req, res) => {
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://shop.invalid').pathname;
    } catch {
      path = '';
    }
    if (req.method === 'POST' && path === '/checkout') {
      // Without JavaScript the checkout form posts here; the order is pretend, so just confirm it.
      let size = 0;
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy();
      });
      req.on('end', () => res.writeHead(303, { location: '/order-confirmation', ...headers }).end());
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...headers }).end();
      return;
    }
    const { status, type, body } = resolve(path);
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? DEFAULT_PORT, HOST, () => ok(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${HOST}:${port}`,
    close: () =>
      new Promise((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections();
      }),
  };
}

// `node demo-site/server.mjs`: serve the shop on its own (the collector runs elsewhere).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolvePath(process.argv[1])) {
  const port = Number(process.env.DEMO_PORT ?? DEFAULT_PORT);
  const collectorUrl = process.env.TOUCHPOINT_COLLECTOR_URL ?? DEFAULT_COLLECTOR;
  startShop({ port, collectorUrl }).then(
    (shop) => {
      process.stdout.write(`Northwind Outfitters demo shop on ${shop.url} (widget from ${collectorUrl})\n`);
      const stop = () => void shop.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      process.stderr.write(`demo shop: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
