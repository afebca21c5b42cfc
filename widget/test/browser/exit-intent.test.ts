import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, chunkRan, noteChunks, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('exit', { type: 'exit-intent', armMs: 500, minTimeOnPageMs: 500 }));
  h.pages.set('/', h.page());
  browser = await launchBrowser();
});

/**
 * Waits until the exit-intent module (in the triggers chunk) runs and the page's own clock is past the
 * survey's arming delay (500 ms from navigation).
 */
const armed = async (page: Page) => {
  await chunkRan(page, 'triggers');
  await page.waitForFunction(() => performance.now() > 600);
};

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('exit intent', () => {
  it('shows the survey when the pointer leaves through the top, and keyboard answers reach the collector', async () => {
    const page = await browser.newPage();
    await noteChunks(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => errors.push(m.text()));
    await page.goto(h.origin + '/');
    await page.focus('#host-button');
    await page.mouse.move(300, 200);
    await armed(page);
    await page.mouse.move(300, 5);
    await page.mouse.move(300, -20);
    await page.locator(CARD).waitFor();

    // a trigger opened it, so focus stays on the page; Tab enters the card at its close button, then the scale
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // arrows choose a score, Tab reaches the button, Enter sends
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight'); // 0 → 3
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // a detractor gets the follow-up; the score went out already as a partial answer
    await page.locator(`${CARD} textarea`).waitFor();
    const partial = await h.waitForResponses((items) => items.length > 0);
    expect(partial[0]).toMatchObject({ partial: true, answers: { nps: 3 } });
    await page.keyboard.type('Too slow');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator(`${CARD} [role=status]`).waitFor();

    const items = await h.waitForResponses((items) => items.some((x) => !x.partial));
    expect(items).toHaveLength(1); // the partial was completed under the same id, not stored twice
    expect(items[0]).toMatchObject({
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

  it('does not fire before the arming delay', async () => {
    // The page's clock stands still from navigation on, so "before the arming delay" does not depend on
    // how fast a loaded machine gets here; it runs again (rAF and timers too) once the delay has passed.
    const context = await browser.newContext();
    await context.clock.install();
    await context.clock.pauseAt(Date.now() + 1000);
    const page = await context.newPage();
    await noteChunks(page);
    await page.goto(h.origin + '/', { waitUntil: 'commit' });
    await chunkRan(page, 'triggers');
    // A fired trigger asks for the UI chunk at once, inside the mouseout handler that the move dispatches.
    const asked = () => page.evaluate(() => !!document.querySelector('script[src*="/widget/ui-"]'));
    await page.mouse.move(300, 200);
    await page.mouse.move(300, -20); // at once: not armed yet
    expect(await asked()).toBe(false);
    await page.clock.runFor(600);
    await page.clock.resume();
    await page.mouse.move(300, 200);
    await page.mouse.move(300, -20); // armed now
    expect(await asked()).toBe(true);
    await expect(page.locator(CARD).waitFor()).resolves.toBeUndefined();
    await context.close();
  });

  it('Escape closes the card and gives focus back to where it was', async () => {
    const page = await browser.newPage();
    await noteChunks(page);
    await page.goto(h.origin + '/');
    await page.focus('#host-button');
    await page.mouse.move(300, 200);
    await armed(page);
    await page.mouse.move(300, -20);
    await page.locator(CARD).waitFor();
    // a trigger opened it: focus stays where it was until the visitor tabs in
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('host-button');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('touchpoint-survey-root');
    await page.keyboard.press('Escape');
    await page.locator(CARD).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('host-button');
    await page.close();
  });

  it('keeps Tab inside the open card once the visitor tabbed in', async () => {
    const page = await browser.newPage();
    await noteChunks(page);
    await page.goto(h.origin + '/');
    await page.focus('#host-button');
    await page.mouse.move(300, 200);
    await armed(page);
    await page.mouse.move(300, -20);
    await page.locator(CARD).waitFor();
    await page.keyboard.press('Tab');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('touchpoint-survey-root');
    }
    await page.close();
  });

  it('shows the survey on a phone after a fast upward scroll, and records that signal', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await noteChunks(page);
    await page.goto(h.origin + '/');
    await chunkRan(page, 'triggers');
    const down = await page.evaluate(() => (scrollTo(0, 3000), performance.now()));
    // armed, and the downward scroll is over (a pause ends a gesture), by the page's own clock
    await page.waitForFunction((t) => performance.now() > Math.max(t + 300, 600), down);
    await page.evaluate(() => scrollBy(0, -1000)); // 1000 px up in one frame
    await page.locator(CARD).waitFor();
    await page.locator(`${CARD} input[value="10"]`).tap();
    await page.locator(`${CARD} button[type=submit]`).tap();
    const items = await h.waitForResponses((items) => items.some((x) => x.answers.nps === 10 && !x.partial));
    expect(items.find((x) => x.answers.nps === 10)).toMatchObject({ trigger: 'exit-intent:scroll-up', partial: false });
    await context.close();
  });
});
