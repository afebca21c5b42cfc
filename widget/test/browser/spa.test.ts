import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, loaderRan, startHarness, stub } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(
    npsSurvey(
      'spa',
      { type: 'event', name: 'order_done' },
      { urls: { include: [{ match: 'regex', value: '/app/thanks$' }], exclude: [] } },
    ),
  );
  // a single-page app: the button changes the route with pushState, then tracks an event
  const app = `<script>document.addEventListener('click', (e) => {
    if (e.target.id !== 'host-button') return;
    history.pushState({}, '', '/app/thanks');
    setTimeout(() => touchpoint('track', 'order_done'), 100);
  });</script>`;
  h.pages.set('/app', h.page('', '', stub() + app));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('single-page apps', () => {
  it('re-evaluates URL rules on pushState and opens on a tracked event', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/app');
    await loaderRan(page);
    await page.evaluate(() =>
      (window as unknown as { touchpoint: (n: string, a: string) => void }).touchpoint('track', 'order_done'),
    );
    await page.waitForTimeout(500);
    expect(await page.locator(CARD).count()).toBe(0); // wrong route: not shown
    await page.click('#host-button');
    await page.locator(CARD).waitFor();
    await page.locator(`${CARD} input[value="10"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    const [r] = await h.waitForResponses((items) => items.some((x) => !x.partial));
    expect(r).toMatchObject({ survey: 'spa', trigger: 'event:order_done', url: h.origin + '/app/thanks' });
    await page.close();
  });
});
