import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

/** The demo shop's rust on its paper, with its ink (demo-site/public/shop.css). */
const DEMO_THEME = { brand: '#a3461f', text: '#1d2a24', background: '#faf8f3', logo: '/demo/store-12.svg' };

describe('admin API: a site’s theme', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const patch = (settings: unknown) =>
    c.app.inject({ method: 'PATCH', url: '/v1/admin/sites/shop', headers: admin(), payload: { settings } });

  it('refuses button text that fails WCAG AA on the brand colour with a 400 naming the field', async () => {
    const res = await patch({ theme: { brand: '#ffd700' } });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; details: { path: string; message: string }[] }>();
    expect(body.code).toBe('TP_ERR_VALIDATION');
    expect(body.details).toEqual([
      { path: 'body.settings.theme.brand', message: expect.stringMatching(/under WCAG AA 4\.5:1/) },
    ]);
  });

  it('refuses grey text on white with a 400 naming settings.theme.text', async () => {
    const res = await patch({ theme: { text: '#999999', background: '#ffffff' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { path: string }[] }>().details.map((d) => d.path)).toEqual([
      'body.settings.theme.text',
    ]);
  });

  it('refuses a logo that is not https with a 400 naming settings.theme.logo', async () => {
    const res = await patch({ theme: { logo: 'http://cdn.example/logo.png' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { path: string }[] }>().details.map((d) => d.path)).toEqual([
      'body.settings.theme.logo',
    ]);
  });

  it('keeps the other settings when a theme is set, and hands the theme to the survey’s copy but not to the loader’s rules', async () => {
    expect((await patch({ cooldownHours: 2 })).statusCode).toBe(200);
    const res = await patch({ theme: DEMO_THEME });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ settings: { cooldownHours: 2, theme: { ...DEMO_THEME, radius: 12 } } });

    const copy = await c.app.inject({ url: '/v1/sites/shop/surveys/nps?locale=en' });
    expect(copy.json()).toMatchObject({ theme: DEMO_THEME });
    const rules = await c.app.inject({ url: '/v1/sites/shop/config?fields=rules&locale=en' });
    expect(rules.body).not.toContain('theme');
  });
});
