import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { SHOP_ORIGIN, seedCatalog, testSurvey } from '../helpers/fixtures.js';

/** A widget build in a temp folder, laid out as widget/scripts/build.mjs writes it. */
const LOADER = `(()=>{/* loader */${'var a=1;'.repeat(200)}})();\n`;
const CHUNK = `(()=>{/* ui chunk */${'var b=2;'.repeat(400)}})();\n`;
const CHUNK_NAME = 'ui-en-Ab12Cd34.js';

describe('widget files', () => {
  let c: TestCollector;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-widget-'));
    for (const [name, text] of [
      ['widget.js', LOADER],
      [CHUNK_NAME, CHUNK],
    ] as const) {
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, name + '.br'), brotliCompressSync(text));
      writeFileSync(join(dir, name + '.gz'), gzipSync(text));
    }
    c = await startCollector({ env: { TOUCHPOINT_WIDGET_DIR: dir } });
  });
  afterAll(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the loader brotli-compressed to a browser that accepts br, varying on Accept-Encoding', async () => {
    const res = await c.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(LOADER);
    expect(res.rawPayload.length).toBeLessThan(LOADER.length / 4);
    // every byte of a page view counts: no header the loader does not need
    expect(res.headers['accept-ranges']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends gzip to a client that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await c.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(LOADER);

    const plain = await c.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.body).toBe(LOADER);
  });

  it('answers 304 without a body when the loader has not changed since the ETag the browser holds', async () => {
    const first = await c.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'br' } });
    const etag = first.headers['etag'] as string;
    expect(etag).toBeTruthy();
    expect(first.headers['cache-control']).toBe('max-age=300, stale-while-revalidate=86400');

    const again = await c.app.inject({
      url: '/widget.js',
      headers: { 'accept-encoding': 'br', 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    const stale = await c.app.inject({
      url: '/widget.js',
      headers: { 'accept-encoding': 'br', 'if-none-match': 'W/"something-else"' },
    });
    expect(stale.statusCode).toBe(200);
  });

  it('gives the brotli and the gzip copy different ETags, so a cache never swaps one for the other', async () => {
    const br = await c.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'br' } });
    const gz = await c.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip' } });
    expect(br.headers['etag']).not.toBe(gz.headers['etag']);
  });

  it('sends a hashed chunk compressed and cached for a year as immutable, loadable from any origin', async () => {
    const res = await c.app.inject({ url: `/widget/${CHUNK_NAME}`, headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('max-age=31536000, immutable');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(CHUNK);
  });

  it('sends the loader and its chunks without headers a script has no use for', async () => {
    for (const url of ['/widget.js', `/widget/${CHUNK_NAME}`]) {
      const res = await c.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // only a document or a worker heeds it
      expect(res.headers['referrer-policy'], url).toBeUndefined();
      // `public` only matters for responses to requests with credentials (Authorization)
      expect(res.headers['cache-control'], url).not.toMatch(/public/);
    }
  });

  it('sends a chunk, which never changes under its name, without an ETag or a Vary on Origin', async () => {
    const res = await c.app.inject({
      url: `/widget/${CHUNK_NAME}`,
      headers: { 'accept-encoding': 'br', origin: 'https://shop.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['etag']).toBeUndefined();
    // the same `*` answers every origin
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['vary']).toBe('accept-encoding');
  });

  it('does not serve the compressed copies by their own names', async () => {
    const res = await c.app.inject({ url: `/widget/${CHUNK_NAME}.br` });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe("a site's loader, its rules inlined (GET /widget.js?site=)", () => {
  /** As build.mjs leaves it: the minified loader naming the mark once. */
  const TEMPLATE = `(()=>{/* loader */let r=__touchpointRules||void 0;${'var a=1;'.repeat(200)}})();\n`;
  let c: TestCollector;
  let dir: string;
  /** The rules the loader carries, read back out of its text. */
  const rulesIn = (js: string): unknown => JSON.parse(/let r=\((.*)\)\|\|void 0;/.exec(js)![1]!);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-widget-'));
    writeFileSync(join(dir, 'widget.js'), LOADER);
    writeFileSync(join(dir, 'widget.js.template'), TEMPLATE);
    c = await startCollector({ env: { TOUCHPOINT_WIDGET_DIR: dir } });
    await seedCatalog(c);
  });
  afterAll(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries the triggers, URL and display rules of the active surveys, and no questions, copy or locale', async () => {
    const res = await c.app.inject({ url: '/widget.js?site=shop', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('max-age=60, stale-while-revalidate=600');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // the same loader for every origin: no copy per Origin in a cache, so no origin echoed either (a cached
    // answer to one site's CORS request must not be served to another)
    expect(res.headers['vary']).not.toMatch(/origin/i);
    const fromSite = await c.app.inject({
      url: '/widget.js?site=shop',
      headers: { 'accept-encoding': 'br', origin: SHOP_ORIGIN },
    });
    expect(fromSite.statusCode).toBe(200);
    expect(fromSite.headers['access-control-allow-origin']).toBeUndefined();
    expect(fromSite.headers['vary']).not.toMatch(/origin/i);
    expect(fromSite.rawPayload.equals(res.rawPayload)).toBe(true);
    const js = brotliDecompressSync(res.rawPayload).toString();
    expect(js).not.toContain('__touchpointRules');
    // what the config's rules form says, less the site and each survey's locale, with the widget parts its
    // questions need (the survey has a single-choice question: part `c`)
    const {
      site: _site,
      settings,
      surveys,
    } = (await c.app.inject({ url: '/v1/sites/shop/config?fields=rules' })).json();
    expect(surveys.map((s: { id: string }) => s.id)).toEqual([testSurvey.id]);
    expect(rulesIn(js)).toEqual({
      settings,
      surveys: surveys.map(({ locale: _l, ...s }: { locale: string }) => ({ ...s, parts: 'c' })),
    });
    expect(js).not.toMatch(/questions|recommend/);
  });

  it('answers 304 to its ETag, and a new loader once a survey changed', async () => {
    const first = await c.app.inject({ url: '/widget.js?site=shop' });
    const etag = first.headers['etag'] as string;
    const again = await c.app.inject({ url: '/widget.js?site=shop', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);

    const edit = await c.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/shop/surveys/${testSurvey.id}`,
      headers: admin(c.adminKey),
      payload: { trigger: { type: 'page-view' } },
    });
    expect(edit.statusCode).toBe(200);
    const changed = await c.app.inject({ url: '/widget.js?site=shop', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(rulesIn(changed.body)).toMatchObject({ surveys: [{ trigger: { type: 'page-view' } }] });
  });

  it('answers 404 for a site that does not exist and 400 naming `site` for a malformed key', async () => {
    const missing = await c.app.inject({ url: '/widget.js?site=nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'TP_ERR_UNKNOWN_SITE' });
    const bad = await c.app.inject({ url: '/widget.js?site=Not%20A%20Key' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('site');
  });

  it('still sends the plain loader without `site`, and never the template by its own name', async () => {
    const plain = await c.app.inject({ url: '/widget.js' });
    expect(plain.body).toBe(LOADER);
    const template = await c.app.inject({ url: '/widget/widget.js.template' });
    expect(template.statusCode).toBe(404);
  });
});

describe('connection headers on what a page view downloads', () => {
  let c: TestCollector;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-widget-'));
    writeFileSync(join(dir, 'widget.js'), LOADER);
    writeFileSync(join(dir, CHUNK_NAME), CHUNK);
    c = await startCollector({ listen: true, env: { TOUCHPOINT_WIDGET_DIR: dir } });
    await seedCatalog(c);
  });
  afterAll(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One GET over the agent's connection: its status, raw headers and the socket's local port. */
  const get = (agent: Agent, path: string) =>
    new Promise<{ status: number; headers: string[]; port: number }>((resolve, reject) => {
      const req = request(c.url + path, { agent, headers: { origin: 'https://shop.example' } }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.rawHeaders.map((h) => h.toLowerCase()),
            port: req.socket!.localPort!,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  it('sends the loader, a chunk and a survey without Connection and Keep-Alive, and keeps the HTTP/1.1 connection open', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const got = [];
    for (const path of ['/widget.js', `/widget/${CHUNK_NAME}`, '/v1/sites/shop/surveys/nps']) {
      const res = await get(agent, path);
      expect(res.status, path).toBe(200);
      expect(res.headers, path).not.toContain('connection');
      expect(res.headers, path).not.toContain('keep-alive');
      got.push(res.port);
    }
    // one connection served all three
    expect(new Set(got).size).toBe(1);
    agent.destroy();
  });
});
