import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';
import { hiddenFields } from '../../src/routes/pages/pages.js';

// jsqr is CommonJS with `exports.default`: how its default import arrives depends on the loader.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqr as unknown as { default?: Decode }).default ?? jsqr) as unknown as Decode;

/** Decodes a QR code PNG to its text. */
function decodeQr(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}

describe('kiosk, link and QR pages', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector();
    await seedCatalog(c);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: {
        id: 'kiosk',
        name: 'Kiosk',
        touchpoint: 'store-12',
        questions: [{ id: 'smiley', type: 'smiley', text: { en: 'How was it?' } }],
      },
    });
  });
  afterAll(() => c.close());

  it("serves a touchpoint's kiosk page with the widget in kiosk mode under a strict CSP", async () => {
    const res = await c.app.inject({ url: '/k/store-12' });
    expect(res.statusCode).toBe(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(res.body).toMatch(
      new RegExp(
        // the kiosk chunk of the widget build (the loader where there is no build)
        `<script async src="(/widget/kiosk-[\\w-]+\\.js|/widget\\.js)" data-site="shop" data-mode="kiosk" data-touchpoint="store-12" data-survey="kiosk" data-place="Store 12" nonce="${nonce?.replace(/[+/]/g, '\\$&')}">`,
      ),
    );
    expect(res.body).toContain('<script src="/k/kiosk.js" defer>');
    expect(res.body).not.toMatch(/<script>(?!<)/);
  });

  it('serves the service worker that caches the kiosk scripts at install and keeps the kiosk working offline', async () => {
    const res = await c.app.inject({ url: '/k/sw.js' });
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body).toContain("addEventListener('fetch'");
    const precache = JSON.parse(/const PRECACHE = (\[.*?\]);/.exec(res.body)?.[1] ?? '[]') as string[];
    expect(precache).toContain('/k/kiosk.js');
    expect(precache).not.toContain('/widget.js');
  });

  it('passes kiosk timings from the address to the widget, and refuses nonsense', async () => {
    const res = await c.app.inject({ url: '/k/store-12?reset=3&idle=20&heartbeat=30' });
    expect(res.body).toContain('data-reset-seconds="3" data-idle-seconds="20" data-heartbeat-seconds="30"');
    expect((await c.app.inject({ url: '/k/store-12?idle=-5' })).statusCode).toBe(400);
  });

  it('answers 404 with a readable page for an unknown kiosk', async () => {
    const res = await c.app.inject({ url: '/k/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Kiosk not found');
  });

  it('turns link query parameters into typed hidden fields, escaped', async () => {
    const res = await c.app.inject({
      url: '/s/nps?tp=store-12&cartValue=120.5&member=true&note=%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-mode="page" data-touchpoint="store-12" data-survey="nps"');
    const json = /<script type="application\/json" id="touchpoint-vars">(.*?)<\/script>/.exec(res.body)?.[1] as string;
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ cartValue: 120.5, member: true, note: '</script><script>alert(1)</script>' });
  });

  it('bounds hidden fields: odd names and over-long values are dropped', () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`v${i}`, 'x']));
    expect(Object.keys(hiddenFields(many))).toHaveLength(50);
    expect(hiddenFields({ 'bad name': 'x', ok: 'y', long: 'z'.repeat(600), tp: 'store-12' })).toEqual({ ok: 'y' });
  });

  it('answers 404 for a link to an unknown survey or touchpoint', async () => {
    expect((await c.app.inject({ url: '/s/nope' })).statusCode).toBe(404);
    expect((await c.app.inject({ url: '/s/nps?tp=nowhere' })).statusCode).toBe(404);
  });

  it("serves a QR PNG that decodes to the touchpoint's survey link", async () => {
    const res = await c.app.inject({ url: '/qr/store-12.png', headers: { host: 'localhost:8787' } });
    expect(res.headers['content-type']).toBe('image/png');
    expect(decodeQr(res.rawPayload)).toBe('http://localhost:8787/s/kiosk?tp=store-12');
  });

  it('serves the same QR code as SVG and to the admin API', async () => {
    const svg = await c.app.inject({ url: '/qr/checkout.svg' });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg/);
    const png = await c.app.inject({
      url: '/v1/admin/sites/shop/touchpoints/checkout/qr.png?survey=nps',
      headers: { ...admin(), host: 'localhost:8787' },
    });
    expect(decodeQr(png.rawPayload)).toBe('http://localhost:8787/s/nps?tp=checkout');
    expect(png.headers['x-touchpoint-link']).toBe('http://localhost:8787/s/nps?tp=checkout');
    expect((await c.app.inject({ url: '/v1/admin/sites/shop/touchpoints/checkout/qr.png' })).statusCode).toBe(401);
  });

  it('serves a printable poster with the QR code and the link as text', async () => {
    const res = await c.app.inject({ url: '/p/store-12' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<img class="qr" src="/qr/store-12.svg?survey=kiosk"');
    expect(res.body).toContain('/s/kiosk?tp=store-12');
    expect(res.body).toContain('@page');
  });
});

describe('link and kiosk pages, one round trip less', () => {
  let c: TestCollector;
  let dir: string;
  /** A question whose copy tries to close the script element it is inlined in. */
  const HOSTILE = 'Rate us </script><script>alert(1)</script> <!-- now';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-widget-'));
    for (const f of ['widget.js', 'page-Ab12Cd34.js', 'kiosk-Ab12Cd34.js', 'ui-en-Ab12Cd34.js'])
      writeFileSync(join(dir, f), '');
    c = await startCollector({ env: { TOUCHPOINT_WIDGET_DIR: dir } });
    await seedCatalog(c);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: {
        id: 'link',
        name: 'Link survey',
        touchpoint: 'store-12',
        defaultLocale: 'en',
        questions: [{ id: 'nps', type: 'nps', text: { en: HOSTILE, de: 'Wie wahrscheinlich?' } }],
        trigger: { type: 'manual' },
      },
    });
  });
  afterAll(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The JSON of a `<script type="application/json">` of the page, parsed. */
  const inlined = (html: string, id: string) =>
    JSON.parse(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`).exec(html)?.[1] ?? 'null');

  it("inlines the survey's config, in the browser's language, escaped so it cannot close its script element", async () => {
    const res = await c.app.inject({ url: '/s/link?tp=store-12', headers: { 'accept-language': 'de-CH,de;q=0.9' } });
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<\/script>/g)).toHaveLength(3); // vars, config, the page chunk: nothing injected
    const config = inlined(res.body, 'touchpoint-config');
    expect(config.site).toBe('shop');
    expect(config.surveys).toHaveLength(1);
    expect(config.surveys[0]).toMatchObject({
      id: 'link',
      locale: 'de',
      questions: [{ text: { de: 'Wie wahrscheinlich?' } }],
    });
    expect(res.headers.vary).toMatch(/Accept-Language/);

    const en = await c.app.inject({ url: '/s/link?tp=store-12&locale=en' });
    expect(inlined(en.body, 'touchpoint-config').surveys[0].questions[0].text).toEqual({ en: HOSTILE });
    expect(en.body).not.toContain('<!--');
  });

  it("runs the page's and the kiosk's chunks themselves, without the loader", async () => {
    const link = await c.app.inject({ url: '/s/link?tp=store-12' });
    expect(link.body).toMatch(/<script async src="\/widget\/page-Ab12Cd34\.js" data-site="shop" data-mode="page" /);
    expect(link.body).not.toContain('/widget.js');
    expect(link.body).not.toContain('rel="preload"');
    const kiosk = await c.app.inject({ url: '/k/store-12?survey=link' });
    expect(kiosk.body).toMatch(/<script async src="\/widget\/kiosk-Ab12Cd34\.js" data-site="shop" data-mode="kiosk" /);
    expect(kiosk.body).not.toContain('/widget.js');
    expect(kiosk.body).not.toContain('rel="preload"');
    expect(kiosk.body).not.toContain('touchpoint-config');
  });

  it('precaches for the kiosk offline what its page runs: its chunk and the service worker registration, not the loader', async () => {
    const res = await c.app.inject({ url: '/k/sw.js' });
    const precache = JSON.parse(/const PRECACHE = (\[.*?\]);/.exec(res.body)?.[1] ?? '[]') as string[];
    expect(precache).toEqual(['/k/kiosk.js', '/widget/kiosk-Ab12Cd34.js']);
  });

  it('sends the pages and the service worker brotli-compressed to a browser that accepts it', async () => {
    for (const url of ['/s/link?tp=store-12', '/k/store-12?survey=link', '/k/sw.js']) {
      const res = await c.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers.vary, url).toMatch(/Accept-Encoding/);
      const text = brotliDecompressSync(res.rawPayload).toString();
      expect(text, url).toMatch(url.endsWith('.js') ? /addEventListener/ : /<!doctype html>/);
    }
  });
});
