import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_DIR } from '../../src/routes/dashboard.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

let c: TestCollector;
beforeEach(async () => {
  c = await startCollector();
});
afterEach(async () => {
  await c.close();
});

/** The dashboard is built by `pnpm build`; without it these routes answer 404 (tested below). */
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));

describe('dashboard route', () => {
  it('serves an SVG favicon (also at /favicon.ico), which the kiosk, link and poster pages link', async () => {
    for (const url of ['/favicon.svg', '/favicon.ico']) {
      const res = await c.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(res.body).toMatch(/^<svg /);
    }
    await seedCatalog(c);
    for (const url of ['/k/store-12', '/p/store-12', '/s/nps?tp=store-12']) {
      const page = await c.app.inject({ url });
      // the respondent's pages inline it (no extra request on their byte budget), the poster links it
      expect(page.body, url).toMatch(
        /<link rel="icon" href="(\/favicon\.svg" type="image\/svg\+xml|data:image\/svg\+xml,%3Csvg[^"]+)">/,
      );
    }
  });

  it('redirects /dashboard to /dashboard/', async () => {
    const res = await c.app.inject({ url: '/dashboard' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/dashboard/');
  });

  it.runIf(built)('serves the app with a strict CSP and no cache on the HTML', async () => {
    const res = await c.app.inject({ url: '/dashboard/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it.runIf(built)('serves hashed assets as immutable', async () => {
    const html = (await c.app.inject({ url: '/dashboard/' })).body;
    const asset = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const res = await c.app.inject({ url: asset! });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.runIf(built)('lets only the dashboard frame the preview page', async () => {
    const res = await c.app.inject({ url: '/dashboard/preview.html' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
  });

  it('lists the widget UI chunk of each locale for the preview', async () => {
    const res = await c.app.inject({ url: '/dashboard/widget-ui.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().en).toMatch(/^\/widget\/ui-en-[\w-]+\.js$/);
  });

  it('answers 404 naming the build command when the widget bundle the preview needs is missing', async () => {
    const bare = await startCollector({ env: { TOUCHPOINT_WIDGET_DIR: '/nonexistent' } });
    try {
      const res = await bare.app.inject({ url: '/dashboard/widget-ui.json' });
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toContain('pnpm build');
    } finally {
      await bare.close();
    }
  });
});
