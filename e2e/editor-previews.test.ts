import type { FrameLocator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, type TestCollector } from '../collector/test/helpers/collector.js';
import { dashboardSuite } from './support/dashboard.js';

/** Bound on each wait for the page. */
const WAIT_MS = 15_000;
const SITE = 'demo';
/** The site's brand colour, and as the browser computes it. */
const BRAND = '#a3461f';
const BRAND_RGB = 'rgb(163, 70, 31)';
/** What the draft's first question says: typed in the editor, never saved. */
const DRAFT_TEXT = 'Would you recommend our draft?';

// no bypassCSP: the preview frame's own policy is what keeps a preview from sending anything
const suite = dashboardSuite({ waitMs: WAIT_MS });
let collector: TestCollector;
beforeAll(async () => {
  collector = suite.collector;
  await collector.app.inject({
    method: 'PATCH',
    url: `/v1/admin/sites/${SITE}`,
    headers: admin(),
    payload: { settings: { theme: { brand: BRAND, text: '#1d2a24', background: '#faf8f3' } } },
  });
});

const frameOf = (page: Page): FrameLocator => page.frameLocator('[data-testid=survey-preview]');

/** The responses the collector holds for the site. */
const stored = async () =>
  (
    (await collector.app.inject({ url: `/v1/admin/sites/${SITE}/responses?limit=100`, headers: admin() })).json() as {
      items: unknown[];
    }
  ).items.length;

/** Opens the editor on the draft, types the draft's question, and switches the preview to `surface`. */
async function preview(surface: 'Kiosk' | 'Link page') {
  const { page } = await suite.signIn({ route: '#/surveys/site-nps' });
  // every request the page and its frames make, to see none goes to the response or event routes
  const sent: string[] = [];
  page.on('request', (r) => /\/v1\/(responses|events)/.test(r.url()) && sent.push(r.url()));
  const text = page.getByLabel('Question text').first();
  await text.waitFor({ timeout: WAIT_MS });
  await text.fill(DRAFT_TEXT);
  await page.getByText(surface, { exact: true }).click();
  return { page, sent, frame: frameOf(page) };
}

describe('the survey editor’s kiosk and link page previews', () => {
  it('shows the draft on the real kiosk chunk in a scaled 1280 × 800 tablet, in the site’s colours, and stores no answer', async () => {
    const before = await stored();
    const { page, sent, frame } = await preview('Kiosk');
    const iframe = page.locator('[data-testid=survey-preview]');
    await expect.poll(() => iframe.getAttribute('data-mode')).toBe('kiosk');
    // the draft's question (typed, unsaved), on the kiosk's surface
    await frame.locator('touchpoint-survey-root legend', { hasText: DRAFT_TEXT }).waitFor({ timeout: WAIT_MS });
    // polled: the page may load once more for the same draft (its debounced send), and a read between two loads
    // would find the old page's elements gone
    await expect.poll(() => frame.locator('touchpoint-survey-root .in').textContent()).toBe('Tell us about your visit');
    await expect
      .poll(() => frame.locator('touchpoint-survey-root .hd').evaluate((e) => getComputedStyle(e).backgroundColor))
      .toBe(BRAND_RGB);
    // a 1280 × 800 tablet inside, scaled down to the panel's width, whole (none of it cut off)
    expect(await frame.locator('body').evaluate(() => [innerWidth, innerHeight])).toEqual([1280, 800]);
    const box = (await iframe.boundingBox())!;
    const panel = (await page.locator('.preview-kiosk-box').boundingBox())!;
    expect(box.width).toBeLessThan(1280);
    expect(box.width / box.height).toBeCloseTo(1.6, 2);
    expect(box.width).toBeLessThanOrEqual(panel.width);
    expect(box.height).toBeLessThanOrEqual(panel.height);
    // answer it to the end (an 8, then the topic): the thank-you shows, nothing reaches the collector
    // by keyboard: Playwright's pointer does not follow the frame's CSS scale
    await frame.locator('touchpoint-survey-root .b button').nth(8).press('Enter');
    await frame.locator('touchpoint-survey-root .c button').first().press('Enter');
    await frame.locator('touchpoint-survey-root [role=status]').waitFor({ timeout: WAIT_MS });
    expect(sent).toEqual([]);
    expect(await stored()).toBe(before);
    await page.context().close();
  });

  it('shows the draft on the real link page chunk in a 390 px phone, brand header and title above it, and stores no answer', async () => {
    const before = await stored();
    const { page, sent, frame } = await preview('Link page');
    const iframe = page.locator('[data-testid=survey-preview]');
    await expect.poll(() => iframe.getAttribute('data-mode')).toBe('page');
    await frame.locator('touchpoint-survey-root legend', { hasText: DRAFT_TEXT }).waitFor({ timeout: WAIT_MS });
    // polled: the frame reloads when a newer draft (e.g. the editor's state after the input's blur) reaches it
    await expect.poll(() => frame.locator('body').evaluate(() => innerWidth)).toBeLessThanOrEqual(390);
    await expect
      .poll(() => frame.locator('header.tp-h').evaluate((e) => getComputedStyle(e).backgroundColor))
      .toBe(BRAND_RGB);
    // the page's own background from the theme, as the collector's page sets it
    await expect
      .poll(() => frame.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor))
      .toBe('rgb(250, 248, 243)');
    // the survey in <main>, under the page's <h1>
    expect(await frame.locator('main > h1').count()).toBe(1);
    expect(await frame.locator('main touchpoint-survey-root').count()).toBe(1);
    // answering sends nothing: an 8, then the topic, and the thank-you shows
    await frame.locator('touchpoint-survey-root .b button').nth(8).click();
    await frame.locator('touchpoint-survey-root .c button').first().click();
    await frame.locator('touchpoint-survey-root [role=status]').waitFor({ timeout: WAIT_MS });
    expect(sent).toEqual([]);
    expect(await stored()).toBe(before);
    await page.context().close();
  });
});

describe('the survey editor’s popup preview', () => {
  it('keeps the open card and the answer picked in it when an edit leaves the draft as it was, and redraws on a real edit or Replay', async () => {
    const { page } = await suite.signIn({ route: '#/surveys/site-nps' });
    const frame = frameOf(page);
    const nine = frame.locator('touchpoint-survey-root input[value="9"]');
    await nine.waitFor({ timeout: WAIT_MS });
    // the editor sends the draft when the frame is ready and after its debounce: let both arrive first
    await page.waitForTimeout(1_000);
    await nine.click();
    // an edit undone before the debounce ends: the same draft reaches the frame again
    const text = page.getByLabel('Question text').first();
    const question = await text.inputValue();
    await text.press('End');
    await text.pressSequentially('!');
    await text.press('Backspace');
    expect(await text.inputValue()).toBe(question);
    await page.waitForTimeout(1_000);
    expect(await nine.isChecked()).toBe(true);
    // a real edit redraws the card with the new text, nothing picked
    await text.pressSequentially(' Honestly?');
    await frame
      .locator('touchpoint-survey-root legend', { hasText: `${question} Honestly?` })
      .waitFor({ timeout: WAIT_MS });
    expect(await nine.isChecked()).toBe(false);
    // Replay opens the same draft afresh
    await nine.click();
    await page.getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => nine.isChecked(), { timeout: WAIT_MS }).toBe(false);
    await page.context().close();
  });
});
