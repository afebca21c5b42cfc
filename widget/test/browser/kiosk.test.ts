import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import {
  kioskSurvey,
  LEGEND,
  type PagesHarness,
  readKioskDb,
  ROOT,
  SITE,
  startPagesHarness,
  THANKS,
} from './pages-harness.js';

let h: PagesHarness;
let browser: Browser;

/** Kiosk touchpoints, one per test so that their answers and misuse counts stay apart. */
const KIOSKS = ['kiosk-offline', 'kiosk-reset', 'kiosk-idle', 'kiosk-beat', 'kiosk-burst', 'kiosk-fast', 'kiosk-size'];

beforeAll(async () => {
  h = await startPagesHarness();
  for (const id of KIOSKS) {
    await h.addTouchpoint({ id, name: id, kind: 'kiosk' });
    await h.addSurvey(kioskSurvey(id, id));
  }
  // the misuse tests: one tap per customer
  for (const id of ['kiosk-burst', 'kiosk-fast'])
    await h.addSurvey(
      kioskSurvey(`${id}-one`, id, {
        questions: [{ id: 'smiley', type: 'smiley', text: { en: 'How was your visit today?' }, required: true }],
      }),
    );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A smiley face button by its accessible name. */
const face = (name: string) => `${ROOT} button[aria-label="${name}"]`;
/** A choice button by its text. */
const choice = (page: Page, text: string) => page.locator(`${ROOT} button`, { hasText: text });

/** Waits for the kiosk's first question (a fresh round). */
const firstQuestion = (page: Page) => page.locator(LEGEND, { hasText: 'How was your visit today?' }).waitFor();

/** One customer: a face, then "did you buy today?" (the happy path has no follow-up). */
async function customer(page: Page, faceName: string, bought: 'Yes' | 'No'): Promise<void> {
  await firstQuestion(page);
  await page.locator(face(faceName)).click();
  await page.locator(LEGEND, { hasText: 'Did you buy something today?' }).waitFor();
  await choice(page, bought).click();
  await page.locator(THANKS).waitFor();
}

/** A fresh tablet: its own storage (so its own kiosk id), service workers blocked unless asked for. */
async function tablet(serviceWorkers: 'allow' | 'block' = 'block'): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ serviceWorkers, viewport: { width: 1024, height: 768 }, hasTouch: true });
  return [context, await context.newPage()];
}

describe('kiosk mode', () => {
  it('takes 5 answers offline, keeps them through a reload, and delivers exactly those 5 when back online', async () => {
    const [context, page] = await tablet('allow');
    const url = `${h.origin}/k/kiosk-offline?site=${SITE}&reset=0.3`;
    await page.goto(url);
    await firstQuestion(page);
    // the service worker took over and cached the page, its scripts and the config
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const keys = await Promise.all((await caches.keys()).map(async (k) => (await caches.open(k)).keys()));
            return keys.flat().map((r) => new URL(r.url).pathname);
          }),
        { timeout: 10_000 },
      )
      .toEqual(
        expect.arrayContaining([
          '/k/kiosk-offline',
          '/k/kiosk.js',
          '/widget.js',
          expect.stringMatching(/^\/widget\/kiosk-.+\.js$/),
          `/v1/sites/${SITE}/config`,
        ]),
      );

    h.net.setDown(true);
    await context.setOffline(true);
    const given: [string, 'Yes' | 'No'][] = [
      ['Very happy', 'Yes'],
      ['Happy', 'No'],
      ['Very happy', 'No'],
      ['Happy', 'Yes'],
      ['Very happy', 'Yes'],
    ];
    for (const [f, b] of given) await customer(page, f, b);
    await firstQuestion(page);
    const before = (await readKioskDb(page)).queue;
    expect(before).toHaveLength(5);
    expect(before.every((x) => x.b.partial === false && x.b.context.channel === 'kiosk')).toBe(true);

    // a reload with the network gone: the service worker serves the page, IndexedDB kept the queue
    const nav = await page.reload();
    expect(nav?.fromServiceWorker()).toBe(true);
    await firstQuestion(page);
    expect((await readKioskDb(page)).queue.map((x) => x.id).sort()).toEqual(before.map((x) => x.id).sort());
    expect(await h.responses()).toHaveLength(0);

    h.net.setDown(false);
    await context.setOffline(false);
    await expect.poll(async () => (await readKioskDb(page)).queue, { timeout: 10_000 }).toEqual([]);
    const stored = await h.responses();
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(stored.map((r) => ({ id: r.id, answers: r.answers })).sort(byId)).toEqual(
      before.map((x) => ({ id: x.id, answers: x.b.answers })).sort(byId),
    );
    const faces: Record<string, number> = { Happy: 3, 'Very happy': 4 };
    expect(stored.map((r) => `${r.answers.smiley} ${r.answers.bought}`).sort()).toEqual(
      given.map(([f, b]) => `${faces[f]} ${b.toLowerCase()}`).sort(),
    );
    expect(stored.every((r) => !r.partial && r.channel === 'kiosk' && r.touchpoint === 'kiosk-offline')).toBe(true);
    await context.close();
  });
});
