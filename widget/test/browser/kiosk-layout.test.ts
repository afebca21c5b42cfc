import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { axeViolations } from './axe.js';
import {
  kioskSurvey,
  LEGEND,
  type PagesHarness,
  ROOT,
  SITE,
  startPagesHarness,
  THANKS,
  watchThanks,
} from './pages-harness.js';

let h: PagesHarness;
let browser: Browser;

/** The demo shop's theme (collector/src/seed/demo-catalog.ts): rust buttons on paper, the collector's logo. */
const THEME = { brand: '#a3461f', text: '#1d2a24', background: '#faf8f3', logo: '/demo/northwind.svg' };
const BRAND_RGB = 'rgb(163, 70, 31)';
/** Faces at least this big on a 10" tablet (issue 13). */
const MIN_FACE = 120;
/** A landscape and a portrait tablet, and an upright 1080p display. */
const SCREENS = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  { width: 1080, height: 1920 },
];

beforeAll(async () => {
  h = await startPagesHarness();
  await h.collector.app.inject({
    method: 'PATCH',
    url: `/v1/admin/sites/${SITE}`,
    headers: { authorization: `Bearer ${h.collector.adminKey}` },
    payload: { settings: { theme: THEME } },
  });
  await h.addTouchpoint({ id: 'store-12', name: 'Store 12', kind: 'store' });
  await h.addSurvey(kioskSurvey('kiosk', 'store-12'));
  await h.addTouchpoint({ id: 'store-14', name: 'Store 14', kind: 'store' });
  await h.addSurvey(
    kioskSurvey('kiosk-review', 'store-14', {
      questions: [{ id: 'smiley', type: 'smiley', text: { en: 'How was your visit today?' }, required: true }],
      thankYouLink: { kind: 'url', label: { en: 'Review us' }, url: 'https://reviews.example/store-14' },
    }),
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function kiosk(size: { width: number; height: number }, query = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: size, hasTouch: true, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${h.origin}/k/store-12${query}`);
  await page.locator(`${ROOT} .f button`).first().waitFor();
  return page;
}

/** Every element of the widget that sticks out of the viewport sideways, by tag and class. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey-root')!.shadowRoot!;
    return [...root.querySelectorAll('*')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.left < -0.5 || r.right > innerWidth + 0.5);
      })
      .map((e) => `${e.tagName}.${e.getAttribute('class')}`)
      .concat(document.documentElement.scrollWidth > innerWidth ? ['page scrolls sideways'] : []);
  });

describe('the kiosk', () => {
  for (const size of SCREENS) {
    it(`shows the brand header, an invitation and four drawn faces of ${MIN_FACE} px or more at ${size.width}×${size.height}`, async () => {
      const page = await kiosk(size);
      const header = page.locator(`${ROOT} .hd`);
      expect(await header.textContent()).toBe('Store 12');
      expect(await header.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(BRAND_RGB);
      await page.waitForFunction(() => {
        const img = document.querySelector('touchpoint-survey-root')!.shadowRoot!.querySelector('.hd img');
        return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
      });
      expect(await page.locator(`${ROOT} .in`).textContent()).toBe('Tell us about your visit');
      const faces = await page
        .locator(`${ROOT} .f svg`)
        .evaluateAll((s) =>
          s.map((x) => ({ ...x.getBoundingClientRect().toJSON(), shapes: x.querySelectorAll('circle,path').length })),
        );
      expect(faces).toHaveLength(4);
      for (const f of faces) {
        expect(f.width).toBeGreaterThanOrEqual(MIN_FACE);
        expect(f.height).toBeGreaterThanOrEqual(MIN_FACE);
        expect(f.shapes).toBe(2);
        expect(f.bottom).toBeLessThanOrEqual(size.height);
      }
      expect(await overflowing(page)).toEqual([]);
      const text = await page.locator(ROOT).evaluate((e) => e.shadowRoot!.textContent ?? '');
      expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('asks "did you buy today?" as large buttons, thanks, then resets to the invitation', async () => {
    const page = await kiosk(SCREENS[0]!, '?reset=0.5');
    await page.locator(`${ROOT} .f button[aria-label="Happy"]`).click();
    await page.locator(LEGEND, { hasText: 'Did you buy something today?' }).waitFor();
    expect(await page.locator(`${ROOT} .p`).textContent()).toBe('3 of 3');
    expect(await page.locator(`${ROOT} .in`).count()).toBe(0);
    for (const b of await page.locator(`${ROOT} .c button`).all()) {
      const box = (await b.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(64);
      expect(box.width).toBeGreaterThanOrEqual(200);
    }
    expect(await axeViolations(page)).toEqual([]);
    const thanks = watchThanks(page);
    await page.locator(`${ROOT} .c button`, { hasText: 'No' }).click();
    expect(await thanks).toBe('Thank you, have a nice day!');
    await page.locator(`${ROOT} .in`).waitFor();
    await page.context().close();
  });

  /** The kiosk of store 14 on its thank-you screen; `bypassCSP` only to let axe in. */
  const thanked = async (bypassCSP: boolean) => {
    const context = await browser.newContext({ viewport: SCREENS[0]!, hasTouch: true, bypassCSP });
    const page = await context.newPage();
    await page.goto(`${h.origin}/k/store-14?reset=60`);
    await page.locator(`${ROOT} .f button[aria-label="Happy"]`).click();
    await page.locator(THANKS).waitFor();
    return { context, page };
  };

  it("shows a QR code of the thank-you's link under it, drawn by the collector, with an accessible name", async () => {
    const { context, page } = await thanked(false);
    expect(await page.locator(`${ROOT} .lu`).textContent()).toBe('reviews.example/store-14');
    const qr = page.getByRole('img', { name: 'QR: Review us' });
    await qr.waitFor();
    // the image loaded under the kiosk page's own CSP (no bypass here), square and big enough to scan
    await page.waitForFunction(() => {
      const img = document.querySelector('touchpoint-survey-root')!.shadowRoot!.querySelector('img.qr');
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
    });
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(150);
    expect(Math.abs(box.width - box.height)).toBeLessThan(1);
    expect(await qr.getAttribute('src')).toBe(`${h.origin}/k/thanks-qr.svg?site=${SITE}&survey=kiosk-review`);
    expect(await overflowing(page)).toEqual([]);
    await context.close();
    const withAxe = await thanked(true);
    await withAxe.page.getByRole('img', { name: 'QR: Review us' }).waitFor();
    expect(await axeViolations(withAxe.page)).toEqual([]);
    await withAxe.context.close();
  });
});
