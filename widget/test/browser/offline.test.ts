import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, SITE, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('offline', { type: 'page-view' }));
  h.pages.set('/', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The widget's queue of unsent posts in localStorage. */
const queued = (): { k: string; b: { id: string } }[] => JSON.parse(localStorage.getItem('tp_q_shop') || '[]');

describe('offline delivery', () => {
  it('delivers an answer given offline exactly once when the network returns', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(h.origin + '/');
    await page.locator(CARD).waitFor();
    await context.setOffline(true);
    await page.locator(`${CARD} input[value="9"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    await page.locator(`${CARD} [role=status]`).waitFor();
    await expect
      .poll(() => page.evaluate(queued))
      .toEqual(expect.arrayContaining([expect.objectContaining({ k: 'responses' })]));
    expect(await h.responses()).toHaveLength(0);

    await context.setOffline(false);
    const items = await h.waitForResponses((items) => items.length > 0);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ site: SITE, survey: 'offline', answers: { nps: 9 }, partial: false });
    await expect.poll(() => page.evaluate(queued), { timeout: 10_000 }).toEqual([]);

    // the next page view retries nothing more, and nothing was stored twice
    await page.reload();
    await page.waitForTimeout(500);
    expect(await h.responses()).toHaveLength(1);
    await context.close();
  });

  it('keeps the same response id when a failed send is retried', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posted: string[] = [];
    let fail = true;
    await page.route('**/v1/responses', async (route) => {
      posted.push(JSON.parse(route.request().postData() || '{}').id);
      if (fail) return route.fulfill({ status: 503, body: '{}' });
      return route.continue();
    });
    await page.goto(h.origin + '/');
    await page.locator(CARD).waitFor();
    await page.locator(`${CARD} input[value="7"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    await expect.poll(() => posted.length).toBeGreaterThan(0);
    fail = false;
    await page.reload(); // a new page view retries the queue
    await expect.poll(() => posted.length, { timeout: 10_000 }).toBeGreaterThan(1);
    const stored = await h.waitForResponses((items) => items.some((r) => r.answers.nps === 7));
    expect(new Set(posted)).toEqual(new Set([posted[0]]));
    expect(stored.filter((r) => r.answers.nps === 7).map((r) => r.id)).toEqual([posted[0]]);
    await context.close();
  });
});
