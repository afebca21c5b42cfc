import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, loaderRan, startHarness, uiAsked } from './harness.js';

/** After the config arrived, longer than any page-view survey takes to decide (run on the page's clock). */
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

/** Opens a page where the survey is due, and waits for its card. */
async function visitShown(page: Page, path: string): Promise<void> {
  await page.goto(h.origin + path);
  await page.locator(CARD).waitFor();
}

/**
 * Opens a page, waits until the widget has its config, then runs the page's clock past every timer a
 * page-view survey could wait on (instead of waiting that long), and tells whether a card was asked for.
 */
async function visitQuiet(page: Page, path: string): Promise<boolean> {
  await page.clock.install();
  await page.goto(h.origin + path);
  await loaderRan(page);
  await page.clock.runFor(QUIET_MS);
  return uiAsked(page);
}

describe('display rules', () => {
  it('never shows a survey sampled at 0%', async () => {
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage();
      expect(await visitQuiet(page, '/zero')).toBe(false);
      expect(await page.locator(CARD).count()).toBe(0);
      await page.close();
    }
  });

  it('does not show a survey again within the recontact wait, though a new visitor sees it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await visitShown(page, '/again');
    await expect(page.locator(CARD).count()).resolves.toBe(1);
    await page.locator(`${CARD} button.x`).click(); // dismissed
    await page.locator(CARD).waitFor({ state: 'detached' });
    // The impression and dismiss events delivered: a page left with them still queued has the next page load the
    // UI chunk to send them (offline.test.ts), which `visitQuiet` would take for the survey asked for again.
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('tp_q_shop') || '[]') as unknown[]).length === 0);
    expect(await visitQuiet(page, '/again')).toBe(false); // second visit, same visitor
    expect(await page.locator(CARD).count()).toBe(0);
    await context.close();

    const stranger = await browser.newPage();
    await visitShown(stranger, '/again');
    expect(await stranger.locator(CARD).count()).toBe(1);
    await stranger.close();
  });
});
