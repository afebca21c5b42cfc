import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { axeViolations } from './axe.js';
import { CARD, type Harness, npsSurvey, SITE, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

/** The demo shop's rust as the brand (demo-site/public/shop.css), text and background left to the page. */
const BRAND = '#a3461f';
const BRAND_RGB = 'rgb(163, 70, 31)';
/** A dark host page, as a site in dark mode paints it. */
const DARK_HOST = `<style>body{background:#121417;color:#eee}</style>`;

/** A page-view survey shown only on `path`. */
const on = (path: string) => ({ urls: { include: [{ match: 'contains' as const, value: path }], exclude: [] } });

beforeAll(async () => {
  h = await startHarness();
  await h.collector.app.inject({
    method: 'PATCH',
    url: `/v1/admin/sites/${SITE}`,
    headers: { authorization: `Bearer ${h.collector.adminKey}` },
    payload: { settings: { theme: { brand: BRAND, radius: 4, font: 'Georgia, serif', poweredBy: true } } },
  });
  await h.addSurvey(
    npsSurvey(
      'faces',
      { type: 'page-view' },
      {
        ...on('/faces'),
        questions: [
          { id: 'face', type: 'smiley', text: { en: 'How was your visit?' }, required: true },
          { id: 'thumb', type: 'thumbs', text: { en: 'Did you find what you wanted?' } },
          {
            id: 'why',
            type: 'single',
            text: { en: 'What was it about?' },
            choices: [
              { id: 'price', label: { en: 'Price' } },
              { id: 'staff', label: { en: 'Staff' } },
            ],
          },
        ],
      },
    ),
  );
  await h.addSurvey(npsSurvey('nps', { type: 'page-view' }, on('/nps')));
  for (const path of ['/faces', '/nps']) h.pages.set(path, h.page());
  h.pages.set('/faces-dark', { html: h.page().html.replace('</head>', DARK_HOST + '</head>') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A page of the host site with the card open. */
async function open(path: string, opts: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, ...opts });
  const page = await context.newPage();
  await page.goto(h.origin + path);
  await page.locator(CARD).waitFor();
  return page;
}

const style = (page: Page, selector: string, prop: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);

describe('the themed popup', () => {
  it('draws every smiley face as an SVG with a non-zero box, and no emoji anywhere', async () => {
    const page = await open('/faces');
    const faces = await page.locator(`${CARD} .o svg`).evaluateAll((svgs) =>
      svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return { w: r.width, h: r.height, shapes: s.querySelectorAll('circle,path').length };
      }),
    );
    expect(faces).toHaveLength(4);
    for (const f of faces) {
      expect(f.w).toBeGreaterThanOrEqual(24);
      expect(f.h).toBeGreaterThanOrEqual(24);
      expect(f.shapes).toBe(2);
    }
    const text = await page.locator(CARD).evaluate((c) => c.textContent ?? '');
    expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
    // each face is named for screen readers
    expect(await page.locator(`${CARD} input`).evaluateAll((i) => i.map((x) => x.getAttribute('aria-label')))).toEqual([
      'Very unhappy',
      'Unhappy',
      'Happy',
      'Very happy',
    ]);
    await page.context().close();
  });

  it('applies the theme: brand on the selected answer and the button, its radius and font, light on a light page', async () => {
    const page = await open('/faces');
    expect(await style(page, CARD, 'background-color')).toBe('rgb(255, 255, 255)');
    expect(await style(page, CARD, 'border-radius')).toBe('4px');
    expect(await style(page, CARD, 'font-family')).toBe('Georgia, serif');
    await page.locator(`${CARD} input[value="3"]`).click();
    expect(await style(page, `${CARD} input:checked + span`, 'background-color')).toBe(BRAND_RGB);
    expect(await style(page, `${CARD} button[type=submit]`, 'background-color')).toBe(BRAND_RGB);
    expect(await page.locator(`${CARD} .pb`).textContent()).toBe('Powered by Touchpoint');
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);
    await page.context().close();
  });

  it('turns dark on a dark host page, and passes axe there', async () => {
    const page = await open('/faces-dark');
    expect(await style(page, CARD, 'background-color')).toBe('rgb(31, 35, 40)');
    expect(await style(page, CARD, 'color')).toBe('rgb(241, 243, 245)');
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);
    await page.context().close();
  });

  it('turns dark for a visitor who prefers dark on a page that paints no background', async () => {
    const page = await open('/faces', { colorScheme: 'dark' });
    expect(await style(page, CARD, 'background-color')).toBe('rgb(31, 35, 40)');
    await page.context().close();
  });

  it('shows thumbs as drawn icons and choices as large buttons, the picked one filled, with progress "2 of 3"', async () => {
    const page = await open('/faces');
    await page.locator(`${CARD} input[value="4"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    await page.locator(`${CARD} input[aria-label="Thumbs up"]`).waitFor({ state: 'attached' });
    expect(await page.locator(`${CARD} .p`).textContent()).toBe('2 of 3');
    const thumbs = await page
      .locator(`${CARD} .o svg`)
      .evaluateAll((s) => s.map((x) => x.getBoundingClientRect().width));
    expect(thumbs).toHaveLength(2);
    for (const w of thumbs) expect(w).toBeGreaterThan(0);
    await page.locator(`${CARD} button[type=submit]`).click();
    const choice = page.locator(`${CARD} .v .o`).first();
    await choice.waitFor();
    const box = (await choice.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(36);
    expect(box.width).toBeGreaterThan(200);
    await choice.click();
    expect(await style(page, `${CARD} .v input:checked + span`, 'background-color')).toBe(BRAND_RGB);
    expect(await page.locator(`${CARD} .p`).textContent()).toBe('3 of 3');
    await page.context().close();
  });

  it('shows no focus ring when the card opens by itself, and one when the keyboard moves into it', async () => {
    const page = await open('/faces');
    const rings = () =>
      page
        .locator(`${CARD} .o span, ${CARD} button`)
        .evaluateAll((els) => els.filter((e) => getComputedStyle(e).outlineStyle != 'none').length);
    expect(await rings()).toBe(0);
    // the keyboard: Tab from the page into the card
    await page.locator(`${CARD} input`).first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await rings()).toBe(1);
    await page.context().close();
  });

  it('leaves out the entry animation when the visitor asks for reduced motion', async () => {
    const page = await open('/faces', { reducedMotion: 'reduce' });
    expect(await style(page, CARD, 'animation-name')).toBe('none');
    expect(await style(page, `${CARD} form`, 'animation-name')).toBe('none');
    await page.context().close();
  });
});

describe('the NPS scale', () => {
  it('shows eleven options of one width in one row on a desktop, with both end labels visible and described', async () => {
    const page = await open('/nps');
    const boxes = await page
      .locator(`${CARD} .o span`)
      .evaluateAll((s) =>
        s.map((x) => x.getBoundingClientRect()).map((r) => ({ w: Math.round(r.width * 10), top: Math.round(r.top) })),
      );
    expect(boxes).toHaveLength(11);
    expect(new Set(boxes.map((b) => b.w)).size).toBe(1);
    expect(new Set(boxes.map((b) => b.top)).size).toBe(1);
    const ends = page.locator(`${CARD} .e span`);
    expect(await ends.allTextContents()).toEqual(['Not at all likely', 'Extremely likely']);
    for (const e of await ends.all()) expect((await e.boundingBox())!.width).toBeGreaterThan(0);
    expect(await page.locator(`${CARD} fieldset`).getAttribute('aria-describedby')).toBe('e');
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);
    await page.context().close();
  });
});
