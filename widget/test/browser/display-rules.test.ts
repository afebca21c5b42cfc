import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, loaderRan, startHarness } from './harness.js';

/** After the config arrived, long enough for a page-view survey to have opened. */
const QUIET_MS = 1500;

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  const only = (path: string) => ({ include: [{ match: 'exact' as const, value: path }], exclude: [] });
  await h.addSurvey(
    npsSurvey(
      'never',
      { type: 'page-view' },
      { urls: only('/zero'), display: { sampling: 0, recontactDays: 0, frequency: 'always', position: 'center' } },
    ),
  );
  await h.addSurvey(
    npsSurvey(
      'again',
      { type: 'page-view' },
      {
        urls: only('/again'),
        display: { sampling: 100, recontactDays: 30, frequency: 'always', position: 'bottom-left' },
      },
    ),
  );
  h.pages.set('/zero', h.page());
  h.pages.set('/again', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Opens a page and waits until the widget has its config, then a little longer. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(h.origin + path);
  await loaderRan(page);
  await page.waitForTimeout(QUIET_MS);
}

describe('display rules', () => {
  it('never shows a survey sampled at 0%', async () => {
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage();
      await visit(page, '/zero');
      expect(await page.locator(CARD).count()).toBe(0);
      await page.close();
    }
  });

  it('does not show a survey again within the recontact wait, though a new visitor sees it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await visit(page, '/again');
    await expect(page.locator(CARD).count()).resolves.toBe(1);
    await page.locator(`${CARD} button.x`).click(); // dismissed
    await page.locator(CARD).waitFor({ state: 'detached' });
    await visit(page, '/again'); // second visit, same visitor
    expect(await page.locator(CARD).count()).toBe(0);
    await context.close();

    const stranger = await browser.newPage();
    await visit(stranger, '/again');
    expect(await stranger.locator(CARD).count()).toBe(1);
    await stranger.close();
  });
});
