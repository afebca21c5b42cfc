import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { type Harness, npsSurvey, startHarness } from './harness.js';

/** The survey card inside the widget's shadow root (Playwright's CSS engine pierces open shadow roots). */
const CARD = 'touchpoint-survey-root [role=dialog]';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('exit', { type: 'exit-intent', armMs: 500, minTimeOnPageMs: 500 }));
  h.pages.set('/', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('exit intent', () => {
  it('shows the survey when the pointer leaves through the top, and keyboard answers reach the collector', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => errors.push(m.text()));
    await page.goto(h.origin + '/');
    await page.mouse.move(300, 200);
    await page.waitForTimeout(800);
    await page.mouse.move(300, 5);
    await page.mouse.move(300, -20);
    await page.locator(CARD).waitFor();

    // focus moved into the card: arrows choose a score, Tab reaches the button, Enter sends
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight'); // 0 → 3
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator(`${CARD} textarea`).waitFor();
    await page.keyboard.type('Too slow');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator(`${CARD} [role=status]`).waitFor();

    const [r] = await h.waitForResponses((items) => items.some((x) => !x.partial));
    expect(r).toMatchObject({
      survey: 'exit',
      touchpoint: 'web-shop',
      partial: false,
      answers: { nps: 3, why: 'Too slow' },
      trigger: 'exit-intent:desktop',
      channel: 'web',
      url: h.origin + '/',
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
