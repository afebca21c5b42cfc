import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, chunkRan, loaderRan, noteChunks, npsSurvey, startHarness, stub } from './harness.js';

/** Longer than the survey's idle time (1 s) plus config fetch: long enough for it to have fired. */
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
    const page = await browser.newPage();
    await page.goto(h.origin + '/checkout');
    await page.waitForTimeout(QUIET_MS);
    expect(await page.locator(CARD).count()).toBe(0);
    await page.close();
  });

  it('does not fire after the visitor reached checkout, even back on the cart page', async () => {
    const page = await browser.newPage();
    // A visitor on the checkout page stays until the widget has read the config (which names checkout URLs).
    await page.goto(h.origin + '/checkout', { waitUntil: 'networkidle' });
    await page.goto(h.origin + '/cart');
    await page.waitForTimeout(QUIET_MS);
    expect(await page.locator(CARD).count()).toBe(0);
    await page.close();
  });

  it('loads its module only once the page reports items, and then fires', async () => {
    const page = await browser.newPage();
    await noteChunks(page);
    const chunks: string[] = [];
    page.on('request', (r) => void (r.url().includes('/widget/') && chunks.push(new URL(r.url()).pathname)));
    await page.goto(h.origin + '/empty');
    await loaderRan(page);
    // a poll of the cart has passed (the loader looks every second) with nothing to load
    await page.waitForFunction(() => performance.now() > 1500);
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
    const page = await browser.newPage();
    await page.goto(h.origin + '/empty');
    await page.waitForTimeout(QUIET_MS);
    expect(await page.locator(CARD).count()).toBe(0);
    await page.close();
  });
});
