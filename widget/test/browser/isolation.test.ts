import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness } from './harness.js';

/** Global CSS of a careless (or hostile) site. */
const HOSTILE = `<style>
  * { all: unset !important; }
  div, span, p, button, form, fieldset, label, input { display: none !important; }
  :root { font-size: 4px !important; }
  [role=dialog] { visibility: hidden !important; }
</style>`;

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(
    npsSurvey('iso', { type: 'page-view' }, { urls: { include: [{ match: 'contains', value: '/iso' }], exclude: [] } }),
  );
  h.pages.set('/iso/hostile', h.page('<p id="host-p" style="color: rgb(1, 2, 3)">Host text</p>', '', HOSTILE));
  h.pages.set('/iso/csp', {
    ...h.page('', 'nonce="abc"'),
    headers: { 'content-security-policy': `script-src 'self' ${h.collector.url}; style-src 'nonce-abc'` },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('style isolation and CSP', () => {
  it('looks right and works on a page whose CSS resets and hides everything', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/iso/hostile');
    await page.evaluate(() => scrollTo(0, 500));
    const before = await page.evaluate(() => ({
      y: scrollY,
      color: getComputedStyle(document.getElementById('host-p')!).color,
    }));
    expect(before.y).toBe(500);
    const card = page.locator(CARD);
    await card.waitFor({ state: 'visible' });
    const box = (await card.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.height).toBeGreaterThan(100);
    const send = page.locator(`${CARD} button[type=submit]`);
    expect(await send.isVisible()).toBe(true);
    // opening it did not move the page or restyle the host
    expect(
      await page.evaluate(() => ({ y: scrollY, color: getComputedStyle(document.getElementById('host-p')!).color })),
    ).toEqual(before);

    await page.locator(`${CARD} input[value="9"]`).click();
    // the send button wears the brand colour once there is an answer to send (before, it is outlined: disabled)
    expect(await send.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(26, 86, 219)');
    await send.click();
    const items = await h.waitForResponses((items) => items.some((x) => x.url?.endsWith('/iso/hostile')));
    expect(items.find((x) => x.url?.endsWith('/iso/hostile'))).toMatchObject({ answers: { nps: 9 }, partial: false });
    await page.close();
  });

  it('works under a strict Content-Security-Policy without violating it', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(h.origin + '/iso/csp');
    await page.locator(CARD).waitFor({ state: 'visible' });
    const send = page.locator(`${CARD} button[type=submit]`);
    await page.locator(`${CARD} input[value="10"]`).click();
    expect(await send.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(26, 86, 219)');
    await send.click();
    const items = await h.waitForResponses((items) => items.some((x) => x.url?.endsWith('/iso/csp')));
    expect(items.find((x) => x.url?.endsWith('/iso/csp'))).toMatchObject({ answers: { nps: 10 }, partial: false });
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });
});
