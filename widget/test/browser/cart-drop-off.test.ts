import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import type { Browser, Page } from 'playwright-core';
import {
  CARD,
  type Harness,
  chunkRan,
  loaderRan,
  noteChunks,
  npsSurvey,
  startHarness,
  stub,
  uiAsked,
} from './harness.js';

/** Longer than the survey's idle time (1 s) and two of the loader's cart polls, run on the page's clock. */
const QUIET_MS = 2500;

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(
    npsSurvey('cart', {
      type: 'cart-drop-off',
      idleSeconds: 1,
      checkoutUrls: [{ match: 'contains', value: '/checkout' }],
    }),
  );
  const cart = stub(
    `touchpoint('cart',{items:[{sku:'tea'},{sku:'mug'}],value:120});touchpoint('context',{segment:'gold'})`,
  );
  h.pages.set('/cart', h.page('', '', cart));
  h.pages.set('/checkout', h.page('', '', cart));
  h.pages.set('/empty', h.page('', '', stub(`touchpoint('cart',{items:[],value:0})`)));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A page whose clock runs on its own until the test runs it forward, noting the chunks that ran. */
async function clockedPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.clock.install();
  await noteChunks(page);
  return page;
}

describe('cart drop-off', () => {
  it('fires when a visitor with items in the cart goes idle, and records the cart', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/cart');
    await page.locator(CARD).waitFor();
    await page.locator(`${CARD} input[value="8"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    const [r] = await h.waitForResponses((items) => items.some((x) => !x.partial));
    expect(r).toMatchObject({
      survey: 'cart',
      partial: false,
      answers: { nps: 8 },
      trigger: 'cart-drop-off:idle',
      vars: { cartItems: 2, cartValue: 120, segment: 'gold' },
    });
    await page.close();
  });

  it('does not fire on a checkout page', async () => {
    const page = await clockedPage();
    await page.goto(h.origin + '/checkout');
    // the cart has items, so the cart drop-off module runs (and sees the checkout page)
    await chunkRan(page, 'triggers');
    await page.clock.runFor(QUIET_MS);
    expect(await uiAsked(page)).toBe(false);
    expect(await page.locator(CARD).count()).toBe(0);
    await page.close();
  });

  it('does not fire after the visitor reached checkout, even back on the cart page', async () => {
    const page = await clockedPage();
    // A visitor on the checkout page stays until the cart drop-off module has seen it.
    await page.goto(h.origin + '/checkout');
    await chunkRan(page, 'triggers');
    await page.goto(h.origin + '/cart');
    await chunkRan(page, 'triggers');
    await page.clock.runFor(QUIET_MS);
    expect(await uiAsked(page)).toBe(false);
    expect(await page.locator(CARD).count()).toBe(0);
    await page.close();
  });

  it('loads its module only once the page reports items, and then fires', async () => {
    const page = await clockedPage();
    const chunks: string[] = [];
    page.on('request', (r) => void (r.url().includes('/widget/') && chunks.push(new URL(r.url()).pathname)));
    await page.goto(h.origin + '/empty');
    await loaderRan(page);
    // a poll of the cart has passed (the loader looks every second) with nothing to load
    await page.clock.runFor(1500);
    expect(await page.evaluate(() => !!document.querySelector('script[src*="/widget/"]'))).toBe(false);
    expect(chunks, 'an empty cart loads no trigger module').toEqual([]);
    await page.evaluate(() =>
      (window as unknown as { touchpoint: (n: string, a: unknown) => void }).touchpoint('cart', { items: 1 }),
    );
    await chunkRan(page, 'triggers');
    await page.locator(CARD).waitFor();
    expect(chunks[0]).toMatch(/^\/widget\/triggers-/);
    await page.close();
  });

  it('does not fire with an empty cart', async () => {
    const page = await clockedPage();
    await page.goto(h.origin + '/empty');
    await loaderRan(page);
    await page.clock.runFor(QUIET_MS);
    // nothing asked for: neither the trigger module nor a card
    expect(await page.evaluate(() => !!document.querySelector('script[src*="/widget/"]'))).toBe(false);
    expect(await page.locator(CARD).count()).toBe(0);
    await page.close();
  });
});
