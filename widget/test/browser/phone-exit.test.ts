import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, chunkRan, noteChunks, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

/** A phone: touch, coarse pointer, small screen. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** The survey's arming delay and minimum time on page (ms). */
const ARM_MS = 500;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('exit', { type: 'exit-intent', armMs: ARM_MS, minTimeOnPageMs: ARM_MS }));
  h.pages.set('/', h.page('<a id="next" href="/next">Next page</a>'));
  h.pages.set('/form', h.page('<form action="/next"><button id="go">Go</button></form>'));
  h.pages.set('/next', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** When the widget last counted the survey as shown (its display memory in localStorage). */
const shownAt = (): unknown => JSON.parse(localStorage.getItem('tp_m_shop') || '{"v":{}}').v.exit?.s;

/**
 * Waits until the exit-intent module (in the triggers chunk) runs and the page has been open long enough
 * for it to be armed.
 */
const armed = async (page: Page) => {
  await chunkRan(page, 'triggers');
  await page.waitForFunction((ms) => performance.now() > ms, ARM_MS + 100);
};

/** A pause between scroll events that ends one scroll gesture (the trigger's PAUSE_MS, and a margin). */
const GESTURE_PAUSE_MS = 300;

/** Scrolls down, then (a new gesture) fast up in one frame: a phone's exit signal. */
async function scrollUp(page: Page): Promise<void> {
  const down = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        addEventListener('scroll', () => done(performance.now()), { once: true });
        scrollTo(0, 3000);
      }),
  );
  await page.waitForFunction((t) => performance.now() > t, down + GESTURE_PAUSE_MS);
  // resolves after the widget's own scroll listener ran
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        addEventListener('scroll', () => done(), { once: true });
        scrollBy(0, -1000);
      }),
  );
}

/** Makes the page hidden or visible again, as a phone does when the visitor switches apps and comes back. */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

describe('exit intent on a phone', () => {
  it('does not count the survey as shown when a tapped link unloads the page, so the next page still asks', async () => {
    const context = await browser.newContext(PHONE);
    await noteChunks(context);
    const page = await context.newPage();
    await page.goto(h.origin + '/');
    await armed(page);
    await page.locator('#next').tap();
    await page.waitForURL(h.origin + '/next');
    expect(await page.evaluate(shownAt)).toBeUndefined();

    await armed(page);
    await scrollUp(page);
    await page.locator(CARD).waitFor();
    expect(await page.evaluate(shownAt)).toEqual(expect.any(Number));
    await context.close();
  });

  it('does not show the survey on a page being left by a form submission', async () => {
    const context = await browser.newContext(PHONE);
    await noteChunks(context);
    const page = await context.newPage();
    // the server answers the form with 204 No Content, so the page stays live (and scrollable) after it
    await page.route(
      (url) => url.pathname == '/next',
      (route) => route.fulfill({ status: 204 }),
    );
    await page.goto(h.origin + '/form');
    await armed(page);
    await page.locator('#go').tap();
    await scrollUp(page);
    expect(await page.evaluate(shownAt)).toBeUndefined();
    expect(await page.locator(CARD).count()).toBe(0);
    await context.close();
  });

  it('keeps the hidden signal until the visitor returns, then shows the survey and records that signal', async () => {
    const context = await browser.newContext(PHONE);
    await noteChunks(context);
    const page = await context.newPage();
    await page.goto(h.origin + '/next');
    await armed(page);
    await setHidden(page, true);
    expect(await page.evaluate(shownAt)).toBeUndefined();
    expect(await page.locator(CARD).count()).toBe(0);

    await setHidden(page, false);
    await page.locator(CARD).waitFor();
    expect(await page.evaluate(shownAt)).toEqual(expect.any(Number));
    await page.locator(`${CARD} input[value="9"]`).tap();
    await page.locator(`${CARD} button[type=submit]`).tap();
    const items = await h.waitForResponses((r) => r.some((x) => x.trigger == 'exit-intent:hidden' && !x.partial));
    expect(items.find((x) => x.trigger == 'exit-intent:hidden')).toMatchObject({ answers: { nps: 9 } });
    await context.close();
  });

  it('counts a full back navigation to a page restored from the back/forward cache as an exit signal', async () => {
    // Playwright turns the back/forward cache off by default; this browser keeps it
    const cached = await chromium.launch({
      headless: true,
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
    try {
      const context = await cached.newContext(PHONE);
      await noteChunks(context);
      await context.addInitScript(() =>
        addEventListener('pageshow', (e) => ((window as { restored?: boolean }).restored = e.persisted)),
      );
      const page = await context.newPage();
      await page.goto(h.origin + '/');
      await armed(page);
      await page.locator('#next').tap();
      await page.waitForURL(h.origin + '/next');
      // restored from the cache, the page fires no load event
      await page.goBack({ waitUntil: 'commit' });
      await page.locator(CARD).waitFor();
      expect(await page.evaluate(() => (window as { restored?: boolean }).restored)).toBe(true);
      await page.locator(`${CARD} input[value="8"]`).tap();
      await page.locator(`${CARD} button[type=submit]`).tap();
      const items = await h.waitForResponses((r) => r.some((x) => x.trigger == 'exit-intent:back' && !x.partial));
      expect(items.find((x) => x.trigger == 'exit-intent:back')).toMatchObject({ answers: { nps: 8 } });
    } finally {
      await cached.close();
    }
  });
});
