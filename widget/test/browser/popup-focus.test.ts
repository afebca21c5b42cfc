import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, loaderRan, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

/** A host page with a search box, site-wide keyboard shortcuts of the usual kind, and a button that opens a survey. */
const HOST = `<input id="search" aria-label="Search">
<button id="open">Give feedback</button>
<script>
  window.shortcuts = [];
  // the usual "ignore typing in inputs" check, fooled when shadow DOM retargets e.target to the host
  for (const type of ['keydown', 'keypress', 'keyup', 'input']) {
    document.addEventListener(type, (e) => {
      if (e.target.closest && e.target.closest('input,textarea,[contenteditable]')) return;
      window.shortcuts.push(type + ':' + (e.key || ''));
    });
  }
  document.getElementById('open').addEventListener('click', () => touchpoint('show', 'asked'));
</script>`;

/** Body transformed (a containing block for fixed elements) and a full-page layer with a huge z-index. */
const STACKED = `<style>
  body { transform: translateX(0); }
  #cover { position: fixed; inset: 0; z-index: 2147483647; background: #fff; }
</style><div id="cover"></div>`;

beforeAll(async () => {
  h = await startHarness();
  const only = (path: string) => ({ urls: { include: [{ match: 'contains' as const, value: path }], exclude: [] } });
  await h.addSurvey(npsSurvey('searched', { type: 'event', name: 'searched' }, only('/way')));
  await h.addSurvey(npsSurvey('asked', { type: 'manual' }, only('/way')));
  await h.addSurvey(npsSurvey('stacked', { type: 'page-view' }, only('/stacked')));
  h.pages.set('/way', h.page(HOST));
  h.pages.set('/stacked', h.page(STACKED));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Fires the event trigger until the config is in and the card is on the page. */
async function triggerCard(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      (window as unknown as { touchpoint: (n: string, a: string) => void }).touchpoint('track', 'searched');
      return !!document.querySelector('touchpoint-survey-root');
    },
    null,
    { polling: 100 },
  );
  await page.locator(CARD).waitFor();
}

/** The element focused inside the widget's shadow root, or the page's focused element's id. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a?.shadowRoot ? 'card:' + (a.shadowRoot.activeElement?.tagName.toLowerCase() ?? '') : a?.id;
  });

describe('a card never in the visitor’s way', () => {
  it('leaves focus in the search box when a trigger opens the card, so typing stays there', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/way');
    await page.focus('#search');
    await page.keyboard.type('sho');
    await triggerCard(page);
    expect(await focused(page)).toBe('search');
    await page.keyboard.type('es ');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#search')).toBe('shoes ');
    expect(await page.locator(`${CARD} input:checked`).count()).toBe(0);
    expect(await page.locator(`${CARD} legend`).textContent()).toBe('How likely are you to recommend us?');

    // a polite, labelled, non-modal dialog: the page is not inert
    const dialog = page.locator(CARD);
    expect(await dialog.getAttribute('aria-modal')).toBeNull();
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    const live = page.locator('touchpoint-survey-root [aria-live=polite]');
    await expect.poll(() => live.textContent()).toContain('How likely are you to recommend us?');
    await page.close();
  });

  it('lets the visitor Tab into a card a trigger opened, and Escape then hands focus back', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/way');
    await page.focus('#open');
    await triggerCard(page);
    expect(await focused(page)).toBe('open');
    await page.keyboard.press('Tab'); // past the host page's last control: into the card, at its start
    expect(await focused(page)).toBe('card:button');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // 0 → 1
    expect(await page.locator(`${CARD} input:checked`).getAttribute('value')).toBe('1');
    await page.keyboard.press('Escape');
    await page.locator(CARD).waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('open');
    await page.close();
  });

  it('moves focus into a card the visitor opened with a click', async () => {
    const page = await browser.newPage();
    // until the config is in, `show` finds no survey
    await page.goto(h.origin + '/way');
    await loaderRan(page);
    await page.click('#open');
    await page.locator(CARD).waitFor();
    await expect.poll(() => focused(page)).toBe('card:input');
    await page.close();
  });

  it('keeps keys typed in the card from the host page’s shortcuts', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/way');
    await triggerCard(page);
    await page.locator(`${CARD} input[value="2"]`).click();
    await page.locator(`${CARD} button[type=submit]`).click();
    const text = page.locator(`${CARD} textarea`);
    await text.waitFor();
    await text.click();
    await page.keyboard.type('slow /s');
    expect(await text.inputValue()).toBe('slow /s');
    expect(await page.inputValue('#search')).toBe('');
    expect(await page.evaluate(() => (window as unknown as { shortcuts: string[] }).shortcuts)).toEqual([]);
    await page.close();
  });

  it('shows in the top layer, above a transformed body and a layer with the highest z-index', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(h.origin + '/stacked');
    await page.locator(CARD).waitFor();
    const box = (await page.locator(CARD).boundingBox())!;
    // in the viewport's bottom-right corner, not at the bottom of the 4000 px body
    expect(box.x + box.width).toBeLessThanOrEqual(800);
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    expect(box.y).toBeGreaterThan(0);
    // what is painted at the card's centre is the card, not the cover
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.tagName.toLowerCase(),
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe('touchpoint-survey-root');
    await page.locator(`${CARD} input[value="9"]`).click();
    await page.close();
  });
});
