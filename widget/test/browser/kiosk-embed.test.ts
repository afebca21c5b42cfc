import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { type Harness, SITE, startHarness } from './harness.js';
import { kioskSurvey, watchThanks } from './pages-harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.collector.app.inject({
    method: 'POST',
    url: `/v1/admin/sites/${SITE}/touchpoints`,
    headers: { authorization: `Bearer ${h.collector.adminKey}` },
    payload: { id: 'kiosk-host', name: 'Kiosk on the shop site', kind: 'kiosk' },
  });
  await h.addSurvey(kioskSurvey('kiosk-host', 'kiosk-host'));
  // the shop's own kiosk page: the script tag in kiosk mode, timings from data-* attributes
  h.pages.set('/kiosk', h.page('', 'data-mode="kiosk" data-touchpoint="kiosk-host" data-reset-seconds="0.3"'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const ROOT = 'touchpoint-survey-root';

describe('kiosk mode on a site of its own', () => {
  it("runs the kiosk from the script tag on another origin, with the touchpoint's survey and no popup engine", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(h.origin + '/kiosk');
    await page.locator(`${ROOT} legend`, { hasText: 'How was your visit today?' }).waitFor();
    // the popup engine did not start: the command stub was never replaced
    expect(await page.evaluate(() => 'touchpoint' in window)).toBe(false);
    await page.locator(`${ROOT} button[aria-label="Very happy"]`).click();
    // the thank-you screen lasts 0.3 s (data-reset-seconds), then the next customer's first question is back
    const thanks = watchThanks(page);
    await page.locator(`${ROOT} button`, { hasText: 'No' }).click();
    expect(await thanks).toBe('Thank you, have a nice day!');
    await page.locator(`${ROOT} legend`, { hasText: 'How was your visit today?' }).waitFor();
    const stored = await h.waitForResponses((r) => r.some((x) => x.touchpoint === 'kiosk-host' && !x.partial));
    expect(stored.filter((x) => x.touchpoint === 'kiosk-host')).toEqual([
      expect.objectContaining({
        channel: 'kiosk',
        partial: false,
        answers: { smiley: 4, bought: 'no' },
        kiosk: expect.any(String),
      }),
    ]);
    await context.close();
  });
});
