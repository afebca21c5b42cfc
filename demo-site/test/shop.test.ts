import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop } from '../server.mjs';
import { PRODUCTS } from '../public/products.js';

/** A collector URL no test listens on: the shop only writes it into its pages. */
const COLLECTOR = 'http://127.0.0.1:9999';

/** Shopper pages: each embeds the widget. */
const PAGES: [path: string, touchpoint: string][] = [
  ['/', 'home'],
  ...PRODUCTS.map((p): [string, string] => [`/product/${p.slug}`, 'product-page']),
  ['/cart', 'cart'],
  ['/checkout', 'checkout'],
  ['/order-confirmation', 'order-confirmation'],
  ['/kiosk', 'kiosk-store-12'],
];

let shop: { url: string; close(): Promise<void> };

/** GET with the path sent exactly as given (fetch would normalise `/../`). */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(shop.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  shop = await startShop({ port: 0, collectorUrl: `${COLLECTOR}/` });
});
afterAll(() => shop.close());

describe('demo shop', () => {
  it.each(PAGES)('serves %s with the widget embedded from the collector as touchpoint %s', async (path, tp) => {
    const res = await fetch(shop.url + path);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const tags = [...html.matchAll(/<script\b[^>]*>/g)].map(([t]) => t).filter((t) => t.includes('widget.js'));
    expect(tags).toHaveLength(1);
    const tag = tags[0] ?? '';
    // the site's loader, its rules inlined
    expect(tag).toContain(`src="${COLLECTOR}/widget.js?site=demo"`);
    expect(tag).toContain('data-site="demo"');
    expect(tag).toContain(`data-touchpoint="${tp}"`);
    expect(tag).toMatch(/\basync\b/);
    expect(html).not.toMatch(/%[A-Z_]+%/);
  });

  it('runs the kiosk page in kiosk mode', async () => {
    const html = await (await fetch(`${shop.url}/kiosk`)).text();
    expect(html).toContain('data-mode="kiosk"');
  });

  it('loads the queue stub before the widget and has no inline script', async () => {
    for (const [path] of PAGES) {
      const html = await (await fetch(shop.url + path)).text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.every(([, , body]) => body?.trim() === '')).toBe(true);
      const stub = html.indexOf('src="/touchpoint-stub.js"');
      expect(stub).toBeGreaterThan(0);
      expect(stub).toBeLessThan(html.indexOf('/widget.js?site=demo"'));
    }
    const stub = await fetch(`${shop.url}/touchpoint-stub.js`);
    expect(stub.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await stub.text()).toContain('touchpoint.q');
  });

  it('renders each product with its name and price, escaped as text', async () => {
    const html = await (await fetch(`${shop.url}/product/fjord-shell-jacket`)).text();
    expect(html).toContain('<h1>Fjord Shell Jacket</h1>');
    expect(html).toContain('€189.00');
    expect(html).toContain('data-slug="fjord-shell-jacket"');
  });

  it('features products on the home page with a link to each', async () => {
    const html = await (await fetch(shop.url)).text();
    for (const p of PRODUCTS) expect(html).toContain(`href="/product/${p.slug}"`);
  });

  it('links the QR poster to the collector link survey for Store 12, without a widget', async () => {
    const res = await fetch(`${shop.url}/poster`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`href="${COLLECTOR}/s/store-nps?tp=store-12"`);
    expect(html).toContain(`src="${COLLECTOR}/qr/store-12.svg"`);
    expect(html).not.toContain('widget.js');
    expect(await (await fetch(`${shop.url}/shop.css`)).text()).toContain('@media print');
  });

  it('serves a product illustration as SVG', async () => {
    const res = await fetch(`${shop.url}/art/merino-beanie.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
  });

  it.each([
    '/nope',
    '/product/no-such-thing',
    '/product/',
    '/art/nope.svg',
    '/cart/extra',
    '/server.mjs',
    '/pages/cart.html',
  ])('answers 404 for %s', async (path) => {
    expect((await fetch(shop.url + path)).status).toBe(404);
  });

  it.each(['/../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/public/../server.mjs', '//etc/passwd'])(
    'does not serve files outside public/ for %s',
    async (path) => {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('"name"');
      expect(res.body).not.toContain('startShop');
    },
  );

  it('sends a strict CSP that lets only the shop and the collector run scripts', async () => {
    for (const path of ['/', '/product/merino-beanie', '/cart', '/kiosk', '/poster', '/nope']) {
      const res = await fetch(shop.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`script-src 'self' ${COLLECTOR};`);
      expect(csp).toContain(`connect-src 'self' ${COLLECTOR};`);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${shop.url}/cart`, { method: 'DELETE' })).status).toBe(405);
    const head = await fetch(`${shop.url}/cart`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('confirms a checkout posted without JavaScript', async () => {
    const res = await fetch(`${shop.url}/checkout`, { method: 'POST', body: 'name=A', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/order-confirmation');
  });

  it('refuses a collector URL that is not http(s)', async () => {
    await expect(startShop({ port: 0, collectorUrl: 'javascript:alert(1)' })).rejects.toThrow(/http/);
  });
});
