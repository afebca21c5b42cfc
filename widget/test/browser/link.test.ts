import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { LEGEND, type PagesHarness, ROOT, startPagesHarness, THANKS } from './pages-harness.js';

let h: PagesHarness;
let browser: Browser;

beforeAll(async () => {
  h = await startPagesHarness();
  await h.addTouchpoint({ id: 'store-12', name: 'Store 12', kind: 'store' });
  await h.addSurvey({
    id: 'store-nps',
    name: 'Store NPS',
    touchpoint: 'store-12',
    questions: [
      { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
      { id: 'why', type: 'text', text: { en: 'What went wrong?' }, showIf: { question: 'nps', max: 6 } },
      { id: 'best', type: 'text', text: { en: 'What did you like best?' }, showIf: { question: 'nps', min: 9 } },
    ],
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/**
 * A phone (390 × 844 CSS px, touch) that reports what went wrong on its pages: errors logged (a CSP
 * violation is one), uncaught exceptions, and failed requests (the browser's own favicon probe aside).
 */
async function phone(): Promise<[BrowserContext, Page, string[]]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const favicon = (url: string) => new URL(url).pathname == '/favicon.ico';
  page.on('console', (m) => m.type() == 'error' && !favicon(m.location().url || 'http://x/') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !favicon(r.url()) && errors.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => errors.push(e.message));
  return [context, page, errors];
}

/** The NPS button with this score. */
const score = (page: Page, n: number) => page.locator(`${ROOT} fieldset button`, { hasText: new RegExp(`^${n}$`) });

describe('link and QR page', () => {
  it('stores the link parameters as context variables on a response with channel qr', async () => {
    const [context, page, errors] = await phone();
    await page.goto(`${h.origin}/s/store-nps?tp=store-12&cartValue=120&segment=gold`);
    await score(page, 9).click();
    await page.locator(LEGEND, { hasText: 'What did you like best?' }).waitFor();
    await page.locator(`${ROOT} textarea`).fill('The coffee corner');
    await page.locator(`${ROOT} button[type=submit]`).click();
    await page.locator(THANKS).waitFor();

    const stored = await h.waitForResponses((r) => r.some((x) => x.answers.best === 'The coffee corner' && !x.partial));
    const mine = stored.filter((x) => x.answers.best === 'The coffee corner');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      survey: 'store-nps',
      touchpoint: 'store-12',
      channel: 'qr',
      partial: false,
      answers: { nps: 9, best: 'The coffee corner' },
      vars: { cartValue: 120, segment: 'gold' },
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps a partial answer when the visitor stops after the first question', async () => {
    const [context, page] = await phone();
    await page.goto(`${h.origin}/s/store-nps?tp=store-12&visit=partial`);
    await score(page, 3).click();
    await page.locator(LEGEND, { hasText: 'What went wrong?' }).waitFor();
    const stored = await h.waitForResponses((r) => r.some((x) => x.vars.visit === 'partial'));
    expect(stored.filter((x) => x.vars.visit === 'partial')).toEqual([
      expect.objectContaining({ partial: true, answers: { nps: 3 }, channel: 'qr' }),
    ]);
    await context.close();
  });

  it('can be answered with the keyboard alone, fits a phone screen, and breaks no CSP rule', async () => {
    const [context, page, errors] = await phone();
    await page.goto(`${h.origin}/s/store-nps?tp=store-12&visit=keyboard`);
    await score(page, 0).waitFor();
    // focus starts on the question, not on an answer (nothing looks chosen); Tab reaches 0, then walks the scale
    await expect(page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className)).resolves.toBe('s');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent)).resolves.toBe(
      '0',
    );
    for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator(LEGEND, { hasText: 'What did you like best?' }).waitFor();
    await page.keyboard.type('Quick checkout');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator(THANKS).waitFor();
    const stored = await h.waitForResponses((r) => r.some((x) => x.vars.visit === 'keyboard' && !x.partial));
    expect(stored.find((x) => x.vars.visit === 'keyboard')?.answers).toEqual({ nps: 10, best: 'Quick checkout' });

    // no sideways scrolling on a 390 px phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows every scale answer as a touch target of at least 44 px on a phone', async () => {
    const [context, page] = await phone();
    await page.goto(`${h.origin}/s/store-nps?tp=store-12`);
    await score(page, 10).waitFor();
    const sizes = await page
      .locator(`${ROOT} fieldset button`)
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
    expect(sizes).toHaveLength(11);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
