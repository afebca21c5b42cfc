import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigSurvey } from '@touchpoint/shared';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, SITE, startHarness } from './harness.js';

/**
 * The popup's UI chunk comes with the parts (ui/parts.ts) its survey's rules name appended, and no others:
 * requested in parallel with the survey's copy, in one request; the chunk with every part where the copy
 * asks for more than the rules named, and where the page starts by delivering a queued send.
 */

let h: Harness;
let browser: Browser;

/** URL targeting to one path, so each page shows its own survey. */
const only = (path: string) => ({ urls: { include: [{ match: 'exact' as const, value: path }], exclude: [] } });

beforeAll(async () => {
  h = await startHarness();
  // faces and single choice (parts f and c), shown on /faces
  await h.addSurvey(
    npsSurvey(
      'faces',
      { type: 'page-view' },
      {
        ...only('/faces'),
        questions: [
          { id: 'face', type: 'smiley', text: { en: 'How was your visit?' }, required: true },
          {
            id: 'topic',
            type: 'single',
            text: { en: 'What was it about?' },
            choices: [
              { id: 'price', label: { en: 'Price' } },
              { id: 'delivery', label: { en: 'Delivery' } },
            ],
          },
        ],
      },
    ),
  );
  // NPS and free text only: no part
  await h.addSurvey(npsSurvey('plain', { type: 'page-view' }, only('/plain')));
  for (const path of ['/faces', '/plain', '/stale', '/queued']) h.pages.set(path, h.page());
  await h.addSurvey(npsSurvey('stale', { type: 'page-view' }, only('/stale')));
  await h.addSurvey(npsSurvey('queued', { type: 'page-view' }, only('/queued')));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The widget chunks the page requests, by name (`ui-en-cf`, without the hash). */
function chunks(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (r) => {
    const m = /\/widget\/(ui-[\w-]+)-[\w-]{8}\.js$/.exec(new URL(r.url()).pathname);
    if (m) names.push(m[1]!);
  });
  return names;
}

describe('the parts of the popup', () => {
  it("requests the UI chunk with its survey's parts while the copy is still on its way, and renders faces and choices", async () => {
    const page = await browser.newPage();
    const names = chunks(page);
    // the copy is held until the chunk was asked for: a waterfall (chunk after copy) would never get there
    let release!: () => void;
    const chunkAsked = new Promise<void>((resolve) => (release = resolve));
    page.on('request', (r) => void (/\/widget\/ui-/.test(r.url()) && release()));
    let heldCopy = false;
    await page.route(`**/v1/sites/${SITE}/surveys/faces*`, async (route: Route) => {
      heldCopy = true;
      await chunkAsked;
      await route.continue();
    });
    await page.goto(h.origin + '/faces');
    await page.locator(CARD).waitFor();
    expect(heldCopy, 'the copy was requested').toBe(true);
    expect(names).toEqual(['ui-en-cf']);
    // the faces part draws four faces, each radio named by the locale's words
    const faces = page.locator(`${CARD} input[type=radio]`);
    await expect.poll(() => faces.count()).toBe(4);
    expect(await faces.first().getAttribute('aria-label')).toBe('Very unhappy');
    expect(await page.locator(`${CARD} svg`).count()).toBe(4);
    await faces.nth(2).check();
    await page.locator(`${CARD} button[type=submit]`).click();
    // the choice part: the second question's options
    await page.getByRole('radio', { name: 'Delivery' }).check();
    await page.locator(`${CARD} button[type=submit]`).click();
    const items = await h.waitForResponses((r) => r.some((x) => x.survey == 'faces' && !x.partial));
    expect(items.find((x) => x.survey == 'faces' && !x.partial)!.answers).toEqual({ face: 3, topic: 'delivery' });
    await page.close();
  });

  it('requests the UI chunk without parts for a survey of number scales and free text', async () => {
    const page = await browser.newPage();
    const names = chunks(page);
    await page.goto(h.origin + '/plain');
    await page.locator(`${CARD} input[value="7"]`).waitFor();
    expect(names).toEqual(['ui-en']);
    await page.close();
  });

  it('loads the chunk with every part when the copy asks for a type its rules did not name (a survey changed since)', async () => {
    const page = await browser.newPage();
    const names = chunks(page);
    // the copy as it would be after an edit the cached loader has not seen: an e-mail question first
    await page.route(`**/v1/sites/${SITE}/surveys/stale*`, async (route: Route) => {
      const res = await route.fetch();
      const survey = (await res.json()) as ConfigSurvey;
      survey.questions.unshift({ id: 'mail', type: 'contact', text: { en: 'Your e-mail?' }, required: false });
      await route.fulfill({ response: res, json: survey });
    });
    await page.goto(h.origin + '/stale');
    await page.locator(`${CARD} input[type=email]`).waitFor();
    expect(names).toEqual(['ui-en', 'ui-en-cfmx']);
    await page.close();
  });

  it('loads the chunk with every part when the page starts by delivering a queued send, and shows its survey from it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const names = chunks(page);
    // what an earlier page view left unsent (an event whose post failed)
    await page.addInitScript((site) => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        const b = { id: crypto.randomUUID(), site, survey: 'queued', type: 'impression', channel: 'web' };
        localStorage.setItem(
          `tp_q_${site}`,
          JSON.stringify([{ k: 'events', b: { ...b, createdAt: new Date().toISOString() } }]),
        );
      }
    }, SITE);
    await page.goto(h.origin + '/queued');
    await page.locator(`${CARD} input[value="7"]`).waitFor();
    expect(names).toEqual(['ui-en-cfmx']);
    await context.close();
  });
});
