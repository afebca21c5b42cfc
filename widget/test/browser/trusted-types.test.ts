import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(
    npsSurvey('tt', { type: 'page-view' }, { urls: { include: [{ match: 'contains', value: '/tt' }], exclude: [] } }),
  );
  // script URLs only through named policies, and only the widget's policy allowed
  h.pages.set('/tt', {
    ...h.page(),
    headers: { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types touchpoint" },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('Trusted Types', () => {
  it('works on a page that requires Trusted Types for scripts and allows the touchpoint policy', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.sample}`),
      );
    });
    await page.goto(h.origin + '/tt');
    await page.locator(CARD).waitFor();
    await page.locator(`${CARD} input[value="8"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    const items = await h.waitForResponses((items) => items.some((x) => x.survey == 'tt' && !x.partial));
    expect(items.find((x) => x.survey == 'tt')).toMatchObject({ answers: { nps: 8 } });
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });
});
