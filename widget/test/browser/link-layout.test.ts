import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { axeViolations } from './axe.js';
import { type PagesHarness, ROOT, SITE, startPagesHarness, THANKS } from './pages-harness.js';

let h: PagesHarness;
let browser: Browser;

const THEME = { brand: '#a3461f', text: '#1d2a24', background: '#faf8f3', logo: '/demo/northwind.svg' };
const BRAND_RGB = 'rgb(163, 70, 31)';
/** The narrowest phone and a desktop. */
const WIDTHS = [320, 1280];

beforeAll(async () => {
  h = await startPagesHarness();
  await h.collector.app.inject({
    method: 'PATCH',
    url: `/v1/admin/sites/${SITE}`,
    headers: { authorization: `Bearer ${h.collector.adminKey}` },
    payload: { settings: { theme: THEME } },
  });
  await h.addTouchpoint({ id: 'store-12', name: 'Store 12', kind: 'store' });
  await h.addSurvey({
    id: 'store-nps',
    name: 'Store NPS (internal)',
    title: { en: 'Your visit to Store 12' },
    touchpoint: 'store-12',
    questions: [
      { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
      { id: 'why', type: 'text', text: { en: 'What could we do better?' } },
    ],
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${h.origin}/s/store-nps?tp=store-12`);
  await page.locator(`${ROOT} fieldset button`).first().waitFor();
  return page;
}

describe('the link page', () => {
  for (const width of WIDTHS) {
    it(`has the brand header, the public title as <title> and <h1>, the survey in <main>, equal NPS buttons at ${width} px`, async () => {
      const page = await open(width);
      expect(await page.title()).toBe('Your visit to Store 12');
      expect(await page.locator('main > h1').textContent()).toBe('Your visit to Store 12');
      expect(await page.locator('main > touchpoint-survey-root').count()).toBe(1);
      expect(await page.locator('header.tp-h').textContent()).toBe('Test shop');
      expect(await page.locator('header.tp-h').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(BRAND_RGB);
      expect(await page.locator('header.tp-h img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(
        0,
      );
      expect(await page.locator(`${ROOT} .p`).textContent()).toBe('1 of 2');

      const buttons = await page
        .locator(`${ROOT} fieldset button`)
        .evaluateAll((b) =>
          b
            .map((x) => x.getBoundingClientRect())
            .map((r) => ({ w: Math.round(r.width * 10), left: r.left, right: r.right })),
        );
      expect(buttons).toHaveLength(11);
      expect(new Set(buttons.map((b) => b.w)).size).toBe(1);
      for (const b of buttons) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(width);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('carries Open Graph and Twitter tags with the title, the first question and the logo', async () => {
    const page = await open(1280);
    const meta = (k: string) => page.locator(`meta[property="${k}"], meta[name="${k}"]`).getAttribute('content');
    expect(await meta('og:title')).toBe('Your visit to Store 12');
    expect(await meta('og:description')).toBe('How likely are you to recommend us?');
    expect(await meta('og:site_name')).toBe('Test shop');
    expect(await meta('og:image')).toMatch(/^http:\/\/.+\/demo\/northwind\.svg$/);
    expect(await meta('og:url')).toMatch(/\/s\/store-nps\?tp=store-12$/);
    expect(await meta('twitter:card')).toBe('summary');
    await page.context().close();
  });

  it('thanks the respondent once the survey is done', async () => {
    const page = await open(320);
    await page.locator(`${ROOT} fieldset button`, { hasText: /^9$/ }).click();
    await page.locator(`${ROOT} textarea`).fill('More coffee');
    await page.locator(`${ROOT} button[type=submit]`).click();
    await page.locator(THANKS).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
