import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness, stub } from './harness.js';

let h: Harness;
let browser: Browser;

/** URL targeting to one path, so each page shows its own survey. */
const only = (path: string) => ({ urls: { include: [{ match: 'exact' as const, value: path }], exclude: [] } });
/** Marks the embed tag once the loader has run (its load event follows its execution). */
const LOADED = 'onload="window.tpLoaded = true"';

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('asked', { type: 'manual' }, only('/show')));
  await h.addSurvey(npsSurvey('bought', { type: 'event', name: 'purchase' }, only('/track')));
  await h.addSurvey(npsSurvey('landing', { type: 'page-view' }, only('/other-lib')));
  h.pages.set('/show', h.page(stub("touchpoint('show', 'asked');")));
  h.pages.set('/track', h.page(stub("touchpoint('track', 'purchase');")));
  h.pages.set('/empty-stub', h.page(stub(), LOADED));
  // another library's global of the same name, defined before the widget loads
  const other = `<script>window.touchpoint = function () { return 'other library'; }; window.touchpoint.version = '2.1';</script>`;
  h.pages.set('/other-lib', h.page('', LOADED, other));
  // a page of the host's own that answers 200, so a probe request leaves no trace in the console
  h.pages.set('/probe', { html: '' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Collects page errors and console output, which the widget must never cause. */
function noise(page: Page): string[] {
  const out: string[] = [];
  page.on('pageerror', (e) => out.push(String(e)));
  page.on('console', (m) => out.push(m.text()));
  return out;
}

/** The paths the page requests from now on. */
function requested(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}

describe('the command queue', () => {
  it("replays touchpoint('show', id) from the snippet once the config is in", async () => {
    const page = await browser.newPage();
    const errors = noise(page);
    await page.goto(h.origin + '/show');
    await page.locator(CARD).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("replays touchpoint('track', name) from the snippet, so a survey waiting for that event shows", async () => {
    const page = await browser.newPage();
    const errors = noise(page);
    await page.goto(h.origin + '/track');
    // Clicked once shown (`.a`, a task after its first frame), as a visitor can: before, the scale is still
    // `content-visibility: hidden`, and Playwright's scroll into view made Chromium log "Rendering was performed
    // in a subtree hidden by content-visibility" (a flake of this test, 1 run in ~12).
    await page.locator(`${CARD}.a`).waitFor();
    await page.locator(`${CARD} input[value="10"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    const items = await h.waitForResponses((r) => r.some((x) => x.survey == 'bought' && !x.partial));
    expect(items.find((x) => x.survey == 'bought')).toMatchObject({ trigger: 'event:purchase' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes over the documented stub even before its first command', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/empty-stub');
    await page.waitForFunction(() => (window as { tpLoaded?: boolean }).tpLoaded);
    expect(
      await page.evaluate(() => (window as unknown as { touchpoint: { loaded?: boolean } }).touchpoint.loaded),
    ).toBe(true);
    await page.close();
  });

  it("leaves another library's window.touchpoint alone and does nothing, without an error", async () => {
    const page = await browser.newPage();
    const errors = noise(page);
    const paths = requested(page);
    await page.goto(h.origin + '/other-lib');
    await page.waitForFunction(() => (window as { tpLoaded?: boolean }).tpLoaded);
    // a request after the loader ran: every request the loader made was seen before it
    const probe = page.waitForRequest((r) => r.url().endsWith('/probe'));
    await page.evaluate((url) => void fetch(url).catch(() => {}), `${h.origin}/probe`);
    await probe;
    const lib = await page.evaluate(() => {
      const t = (window as unknown as { touchpoint: (() => string) & { version?: string; loaded?: boolean } })
        .touchpoint;
      return { result: t(), version: t.version, loaded: t.loaded };
    });
    expect(lib).toEqual({ result: 'other library', version: '2.1', loaded: undefined });
    expect(paths.filter((p) => p.includes('/config'))).toEqual([]);
    expect(await page.locator(CARD).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
