import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

/** WCAG 2.5.5: touch targets of at least 44 × 44 CSS px. */
const TOUCH_TARGET = 44;
/**
 * Layout sizes come back as floats (43.99997 for a 44 px box laid out from fractions of a row); Chromium lays
 * out in 1/64 px units, so anything within a hundredth of a pixel is the 44 px box.
 */
const MIN_TARGET = TOUCH_TARGET - 0.01;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('phone', { type: 'page-view' }));
  h.pages.set('/', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Each NPS option's box (the visible square, not the invisible radio over it). */
const optionBoxes = (page: Page) =>
  page.locator(`${CARD} .o span`).evaluateAll((spans) =>
    spans.map((s) => {
      const r = s.getBoundingClientRect();
      return {
        text: s.textContent,
        left: r.left,
        right: r.right,
        top: r.top,
        bottom: r.bottom,
        w: r.width,
        h: r.height,
      };
    }),
  );

describe('the popup on a phone', () => {
  for (const width of [320, 360, 375]) {
    it(`shows every NPS option whole and at least 44 px on a ${width} px touch screen, inputs at 16 px`, async () => {
      const context = await browser.newContext({
        viewport: { width, height: 640 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      const page = await context.newPage();
      await page.goto(h.origin + '/');
      await page.locator(CARD).waitFor();
      expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
      const card = (await page.locator(CARD).boundingBox())!;
      const boxes = await optionBoxes(page);
      expect(boxes.map((b) => b.text)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      for (const b of boxes) {
        expect(b.left).toBeGreaterThanOrEqual(Math.max(0, card.x));
        expect(b.right).toBeLessThanOrEqual(Math.min(width, card.x + card.width));
        expect(b.top).toBeGreaterThanOrEqual(0);
        expect(b.bottom).toBeLessThanOrEqual(640);
        expect(b.w).toBeGreaterThanOrEqual(MIN_TARGET);
        expect(b.h).toBeGreaterThanOrEqual(MIN_TARGET);
      }
      // two rows, 0–5 and 6–10, options of one width
      expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(2);
      expect(boxes[6]!.top).toBeGreaterThan(boxes[5]!.top);
      expect(new Set(boxes.map((b) => Math.round(b.w))).size).toBe(1);

      await page.locator(`${CARD} input[value="3"]`).tap();
      await page.locator(`${CARD} button[type=submit]`).tap();
      const text = page.locator(`${CARD} textarea`);
      await text.waitFor();
      expect(await text.evaluate((t) => getComputedStyle(t).fontSize)).toBe('16px');
      const send = (await page.locator(`${CARD} button[type=submit]`).boundingBox())!;
      expect(send.height).toBeGreaterThanOrEqual(MIN_TARGET);
      await context.close();
    });
  }

  it('keeps the NPS options in one row of equal width where they fit with a mouse', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(h.origin + '/');
    await page.locator(CARD).waitFor();
    const boxes = await optionBoxes(page);
    expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(1);
    expect(new Set(boxes.map((b) => Math.round(b.w))).size).toBe(1);
    await page.close();
  });

  it('wraps the NPS options into two rows at 320 px with a mouse instead of clipping them', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(h.origin + '/');
    await page.locator(CARD).waitFor();
    for (const b of await optionBoxes(page)) {
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(320);
    }
    await page.close();
  });
});
