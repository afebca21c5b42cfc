import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

/**
 * Longer than the widget's retry backoff can have grown to by the time the network returns (5 s after the
 * first failed send, doubling with each): the test runs the page clock on by this much instead of waiting.
 */
const BACKOFF_BOUND_MS = 60_000;

/** URL targeting to one path, so each tab shows its own survey. */
const only = (path: string) => ({ urls: { include: [{ match: 'exact' as const, value: path }], exclude: [] } });

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('tab-a', { type: 'page-view' }, only('/a')));
  await h.addSurvey(npsSurvey('tab-b', { type: 'page-view' }, only('/b')));
  h.pages.set('/a', h.page());
  h.pages.set('/b', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The complete responses in the widget's queue (localStorage, shared by the site's tabs), by survey. */
const queuedAnswers = (): string[] =>
  (JSON.parse(localStorage.getItem('tp_q_shop') || '[]') as { k: string; b: { survey: string; partial?: boolean } }[])
    .filter((x) => x.k == 'responses' && x.b.partial === false)
    .map((x) => x.b.survey);

/** Gives the open card a score of 7 or more (no follow-up question) and sends it. */
async function answer(page: Page, score: number): Promise<void> {
  await page.locator(`${CARD} input[value="${score}"]`).click();
  await page.locator(`${CARD} button[type=submit]`).click();
  await page.locator(`${CARD} [role=status]`).waitFor();
}

describe('two tabs of one site', () => {
  it('delivers the answers both tabs gave offline exactly once, though one tab was killed before the network returned', async () => {
    const context = await browser.newContext();
    // the pages' clock runs on its own until the test moves it past the retry backoff
    await context.clock.install();
    let down = false;
    await context.route(/\/v1\/(responses|events)$/, (route) =>
      down ? route.abort('internetdisconnected') : route.continue(),
    );
    const a = await context.newPage();
    await a.goto(h.origin + '/a');
    await a.locator(CARD).waitFor();
    const b = await context.newPage();
    await b.goto(h.origin + '/b');
    await b.locator(CARD).waitFor();

    down = true;
    await answer(a, 9);
    await expect.poll(() => a.evaluate(queuedAnswers)).toEqual(['tab-a']);
    // the second tab queues its own answer: the first one's must stay in storage
    await answer(b, 8);
    await expect.poll(() => b.evaluate(queuedAnswers)).toEqual(['tab-a', 'tab-b']);
    // the first tab is killed while the collector is unreachable, as a phone's OS kills a background
    // tab: no page hide, no beacon, so only the queue in storage still holds its answer
    const crashed = new Promise((r) => a.once('crash', r));
    void (await context.newCDPSession(a)).send('Page.crash').catch(() => {}); // never answers: the renderer is gone
    await crashed;
    await a.close();
    expect(await h.responses()).toHaveLength(0);

    down = false;
    // the tab left open retries (after its backoff) and delivers both
    await b.clock.runFor(BACKOFF_BOUND_MS);
    const stored = await h.waitForResponses((r) => r.filter((x) => !x.partial).length >= 2, 30_000);
    expect(stored.map((r) => [r.survey, r.answers.nps, r.partial]).sort()).toEqual([
      ['tab-a', 9, false],
      ['tab-b', 8, false],
    ]);
    await expect.poll(() => b.evaluate(queuedAnswers), { timeout: 10_000 }).toEqual([]);
    // each stored once: the collector holds one response per survey
    expect(await h.responses()).toHaveLength(2);
    await context.close();
  });
});
