import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, loaderRan, npsSurvey, startHarness, stub } from './harness.js';

let h: Harness;
let browser: Browser;

/** URL targeting to one path, so each page shows its own survey. */
const only = (path: string) => ({ urls: { include: [{ match: 'exact' as const, value: path }], exclude: [] } });
/** Marks the embed tag once the loader has run (its load event follows its execution). */
const LOADED = 'onload="window.tpLoaded = true"';

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('later', { type: 'time-on-page', seconds: 3600 }, only('/nothing-due')));
  await h.addSurvey(npsSurvey('welcome', { type: 'page-view' }, only('/due')));
  h.pages.set('/nothing-due', h.page());
  h.pages.set('/due', h.page('', LOADED));
  h.pages.set('/refused', h.page(stub("touchpoint('consent', false);"), LOADED));
  // a page of the host's own that answers 200, so a probe request leaves no trace in the console
  h.pages.set('/probe', { html: '' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Everything in the page's localStorage. */
const stored = (): Record<string, string> => ({ ...localStorage });

/** The paths the page requests from now on. */
function requested(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}

/** Makes one more request and waits for it: every request the page made before has been seen by then. */
async function settle(page: Page): Promise<void> {
  const probe = page.waitForRequest((r) => r.url().endsWith('/probe'));
  await page.evaluate((url) => void fetch(url).catch(() => {}), `${h.origin}/probe`);
  await probe;
}

/** Waits until the loader has run and its commands are done. */
const loaded = (page: Page) => page.waitForFunction(() => (window as { tpLoaded?: boolean }).tpLoaded);

/** A visitor whose browser sends Global Privacy Control. */
async function gpcContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
  );
  return context;
}

describe('consent and storage', () => {
  it('writes nothing to localStorage on a page view where no survey is due', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(h.origin + '/nothing-due');
    // the rules came inlined in the loader: the widget has decided once it has run
    await loaderRan(page);
    expect(await page.evaluate(stored)).toEqual({});
    await context.close();
  });

  it("writes and sends nothing after touchpoint('consent', false) in the snippet", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const paths = requested(page);
    await page.goto(h.origin + '/refused');
    await loaded(page);
    await settle(page);
    expect(paths.filter((p) => p.startsWith('/v1/'))).toEqual([]);
    expect(await page.evaluate(stored)).toEqual({});
    await context.close();
  });

  it('writes and sends nothing under Global Privacy Control, even after consent is given', async () => {
    const context = await gpcContext();
    const page = await context.newPage();
    const paths = requested(page);
    await page.goto(h.origin + '/due');
    await loaded(page);
    await page.evaluate(() =>
      (window as unknown as { touchpoint: (c: string, a: unknown) => void }).touchpoint('consent', true),
    );
    await settle(page);
    expect(paths.filter((p) => p.startsWith('/v1/'))).toEqual([]);
    expect(await page.evaluate(stored)).toEqual({});
    expect(await page.locator(CARD).count()).toBe(0);
    await context.close();
  });

  it('sends no answer and writes no queue once consent is withdrawn while the card is open', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const paths = requested(page);
    await page.goto(h.origin + '/due');
    await page.locator(CARD).waitFor();
    const before = await page.evaluate(stored);
    await page.evaluate(() =>
      (window as unknown as { touchpoint: (c: string, a: unknown) => void }).touchpoint('consent', false),
    );
    await page.locator(`${CARD} input[value="9"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    await page.locator(`${CARD} [role=status]`).waitFor();
    await settle(page);
    expect(paths.filter((p) => p == '/v1/responses')).toEqual([]);
    const after = await page.evaluate(stored);
    expect(after.tp_q_shop).toBeUndefined();
    expect(after.tp_m_shop).toEqual(before.tp_m_shop);
    await context.close();
  });
});
