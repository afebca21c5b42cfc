import { contrast } from '@touchpoint/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { axeViolations } from './axe.js';
import { CARD, type Harness, npsSurvey, SITE, startHarness } from './harness.js';
import { kioskSurvey, type PagesHarness, ROOT, startPagesHarness, THANKS } from './pages-harness.js';

/** The site's rust, and the green one survey sets for itself. */
const SITE_BRAND = '#a3461f';
const SURVEY_BRAND_RGB = 'rgb(29, 92, 58)';
const REVIEWS = 'https://reviews.example/shop';

let h: Harness;
let p: PagesHarness;
let browser: Browser;

/** A page-view survey shown only on `path`. */
const on = (path: string) => ({ urls: { include: [{ match: 'contains' as const, value: path }], exclude: [] } });

/** `rgb(r, g, b)` → `#rrggbb`, for the contrast check of what the browser painted. */
const hex = (rgb: string) =>
  '#' +
  rgb
    .match(/\d+/g)!
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('');

/** Background and text colour of each NPS option, 0 to 10, as painted. */
const npsPaint = (page: Page, options: string) =>
  page.locator(options).evaluateAll((els) =>
    els.map((el) => {
      const s = getComputedStyle(el);
      return { bg: s.backgroundColor, fg: s.color };
    }),
  );

/** Checks eleven tints from red to green, each with its text at WCAG AA. */
function expectTints(paint: { bg: string; fg: string }[]) {
  expect(paint).toHaveLength(11);
  for (const [n, { bg, fg }] of paint.entries())
    expect(contrast(hex(fg), hex(bg)), `score ${n}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  const [r0, g0] = paint[0]!.bg.match(/\d+/g)!.map(Number);
  const [r10, g10] = paint[10]!.bg.match(/\d+/g)!.map(Number);
  expect(r0!).toBeGreaterThan(g0! + 60);
  expect(g10!).toBeGreaterThan(r10! + 60);
}

beforeAll(async () => {
  h = await startHarness();
  await h.collector.app.inject({
    method: 'PATCH',
    url: `/v1/admin/sites/${SITE}`,
    headers: { authorization: `Bearer ${h.collector.adminKey}` },
    payload: { settings: { theme: { brand: SITE_BRAND } } },
  });
  await h.addSurvey(
    npsSurvey(
      'own-look',
      { type: 'page-view' },
      {
        ...on('/own-look'),
        theme: { brand: '#1d5c3a', npsColours: true },
        thankYouLink: { kind: 'url', label: { en: 'Review us' }, url: REVIEWS },
      },
    ),
  );
  h.pages.set('/own-look', h.page());

  p = await startPagesHarness();
  await p.collector.app.inject({
    method: 'PATCH',
    url: `/v1/admin/sites/${SITE}`,
    headers: { authorization: `Bearer ${p.collector.adminKey}` },
    payload: { settings: { theme: { brand: SITE_BRAND, npsColours: true } } },
  });
  await p.addTouchpoint({ id: 'store-12', name: 'Store 12', kind: 'store' });
  await p.addSurvey({
    id: 'store-nps',
    name: 'Store NPS',
    touchpoint: 'store-12',
    questions: [{ id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true }],
    thankYouLink: { kind: 'improvements' },
  });
  await p.addSurvey(kioskSurvey('store-kiosk', 'store-12', { thankYouLink: { kind: 'improvements' } }));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await p?.close();
});

describe('a survey’s own theme and its thank-you link in the popup', () => {
  it('shows the survey’s brand over the site’s and NPS tints from red to green, each legible, axe clean', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(h.origin + '/own-look');
    await page.locator(CARD).waitFor();
    expectTints(await npsPaint(page, `${CARD} .o span`));
    await page.locator(`${CARD} input[value="9"]`).click();
    const selected = page.locator(`${CARD} input:checked + span`);
    expect(await selected.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(SURVEY_BRAND_RGB);
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);
    await context.close();
  });

  it('links on from the thank-you in a new tab, stays while hovered, and closes itself once the pointer leaves', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(h.origin + '/own-look');
    await page.locator(CARD).waitFor();
    await page.locator(`${CARD} input[value="10"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    const link = page.locator(`${CARD} .lk a`);
    await link.waitFor();
    expect(await link.textContent()).toBe('Review us');
    expect(await link.getAttribute('href')).toBe(REVIEWS);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');

    await link.hover();
    await page.clock.runFor(20_000);
    expect(await page.locator(CARD).count()).toBe(1);
    await page.mouse.move(5, 5);
    await page.clock.runFor(6_000);
    await page.locator(CARD).waitFor({ state: 'detached' });
    await context.close();
  });
});

describe('the thank-you link and NPS tints on the link page and the kiosk', () => {
  it('link page: tinted NPS buttons, and a link to the touchpoint’s “you said, we did” page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${p.origin}/s/store-nps?tp=store-12`);
    const buttons = `${ROOT} fieldset button`;
    await page.locator(buttons).first().waitFor();
    expectTints(await npsPaint(page, buttons));
    await page.locator(buttons, { hasText: /^9$/ }).click();
    await page.locator(THANKS).waitFor();
    const link = page.locator(`${ROOT} .lk a`);
    expect(await link.textContent()).toBe('See what we changed');
    expect(await link.getAttribute('href')).toBe(`${p.origin}/y/${SITE}/store-12`);
    // the page it names exists
    const target = await p.collector.app.inject({ url: `/y/${SITE}/store-12` });
    expect(target.statusCode).toBe(200);
    await context.close();
  });

  it('kiosk: the address as text only, no link to navigate away by', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${p.origin}/k/store-12?survey=store-kiosk`);
    await page.locator(`${ROOT} .f button`).nth(3).click();
    await page.locator(`${ROOT} .b.c button`).first().click();
    await page.locator(THANKS).waitFor();
    const line = page.locator(`${ROOT} .lk`);
    expect(await line.innerText()).toBe(
      `See what we changed: ${p.origin.replace(/^https?:\/\//, '')}/y/${SITE}/store-12`,
    );
    expect(await page.locator(`${ROOT} a`).count()).toBe(0);
    await context.close();
  });
});
