import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

/** The demo shop's rust on its paper, with its ink (demo-site/public/shop.css). */
const SITE_THEME = { brand: '#a3461f', text: '#1d2a24', background: '#faf8f3', radius: 4 };

describe('a survey’s own theme and thank-you link', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const patchSite = (settings: unknown) =>
    c.app.inject({ method: 'PATCH', url: '/v1/admin/sites/shop', headers: admin(), payload: { settings } });
  const patchSurvey = (body: Record<string, unknown>) =>
    c.app.inject({ method: 'PATCH', url: '/v1/admin/sites/shop/surveys/nps', headers: admin(), payload: body });
  const copy = async () => (await c.app.inject({ url: '/v1/sites/shop/surveys/nps?locale=en' })).json();

  it('merges the survey’s theme over the site’s in the copy the widget gets, changing only what it names', async () => {
    expect((await patchSite({ theme: SITE_THEME })).statusCode).toBe(200);
    const res = await patchSurvey({ theme: { brand: '#1d5c3a', npsColours: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().theme).toEqual({ brand: '#1d5c3a', npsColours: true });
    expect((await copy()).theme).toMatchObject({ ...SITE_THEME, brand: '#1d5c3a', npsColours: true });
    // the site's theme itself is untouched
    const site = await c.app.inject({ url: '/v1/admin/sites/shop', headers: admin() });
    expect(site.json().settings.theme).toMatchObject({ brand: '#a3461f', npsColours: false });
  });

  it('refuses a survey theme whose button text fails WCAG AA on its brand with a 400 naming theme.brand', async () => {
    const res = await patchSurvey({ theme: { brand: '#ffd700' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'TP_ERR_VALIDATION',
      details: [{ path: 'body.theme.brand', message: expect.stringMatching(/under WCAG AA 4\.5:1/) }],
    });
  });

  it('falls back to the site’s theme where the merge would be unreadable', async () => {
    // a dark blue brand reads with the default white button text…
    expect((await patchSurvey({ theme: { brand: '#1a56db' } })).statusCode).toBe(200);
    // …but not with the dark button text the site then chooses for its light yellow
    expect((await patchSite({ theme: { brand: '#fde68a', buttonText: '#0b1b3b' } })).statusCode).toBe(200);
    expect((await copy()).theme).toMatchObject({ brand: '#fde68a', buttonText: '#0b1b3b' });
  });

  it('serves the survey’s theme on its link page: brand colour in the page’s style', async () => {
    await patchSite({ theme: SITE_THEME });
    await patchSurvey({ theme: { brand: '#1d5c3a' } });
    const page = await c.app.inject({ url: '/s/nps?site=shop' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('--tp-b:#1d5c3a');
    expect(page.body).not.toContain('--tp-b:#a3461f');
  });

  it('hands a thank-you link to the widget: an https URL with its label in the locale', async () => {
    const res = await patchSurvey({
      thankYouLink: {
        kind: 'url',
        label: { en: 'Review us', de: 'Bewerten Sie uns' },
        url: 'https://reviews.example/shop',
      },
    });
    expect(res.statusCode).toBe(200);
    expect((await copy()).thankYouLink).toEqual({ label: 'Review us', url: 'https://reviews.example/shop' });
    const rules = await c.app.inject({ url: '/v1/sites/shop/config?fields=rules&locale=en' });
    expect(rules.body).not.toContain('reviews.example');
  });

  it('links to the touchpoint’s “you said, we did” page', async () => {
    expect((await patchSurvey({ thankYouLink: { kind: 'improvements' } })).statusCode).toBe(200);
    expect((await copy()).thankYouLink).toEqual({ url: '/y/shop/checkout' });
  });

  it('refuses a thank-you link that is not https with a 400 naming thankYouLink.url', async () => {
    for (const url of ['http://reviews.example/', 'javascript:alert(1)', 'https://a.example/"><x']) {
      const res = await patchSurvey({ thankYouLink: { kind: 'url', label: { en: 'x' }, url } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().details.map((d: { path: string }) => d.path)).toEqual(['body.thankYouLink.url']);
    }
  });
});
