import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSurveys, demoTouchpoints } from '../../../collector/src/seed/demo-catalog.js';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { WIRE_BUDGETS } from '../../scripts/budgets.mjs';
import SAMPLE_CONFIG from '../../scripts/sample-config.json' with { type: 'json' };
import { CARD, type Harness, SITE, loaderRan, startHarness } from './harness.js';
import { adminClient } from './admin-client.js';

/**
 * What a visitor really downloads from the collector, measured by Chromium itself: the sum of
 * `Network.loadingFinished.encodedDataLength` (headers and body as they crossed the wire, after
 * Content-Encoding) of every request to the collector, on a first visit with an empty cache. The
 * site's catalog is the demo shop's (five surveys, every copy in two languages), so the config is a
 * real one. Figures are printed for the README.
 */

const BUDGETS = WIRE_BUDGETS;

let h: Harness;
let browser: Browser;
const figures: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const call = adminClient(h.collector, SITE).call;
  for (const { quality: _q, weight: _w, survey: _s, region: _r, ...t } of demoTouchpoints)
    await call('POST', `/v1/admin/sites/${SITE}/touchpoints`, t);
  for (const s of demoSurveys) await call('POST', `/v1/admin/sites/${SITE}/surveys`, s);
  h.pages.set('/', h.page());
  h.pages.set('/order-confirmation', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  if (figures.length) console.log(['bytes on the wire (first visit):', ...figures].join('\n  '));
  await browser?.close();
  await h?.close();
});

/** Opens a fresh visitor's page, runs `ready` (waits for the state to measure), and sums the collector's bytes. */
async function measure(
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<{ total: number; files: string; config: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let config = '';
  page.on(
    'response',
    (r) =>
      void (
        /\/config|\/widget\.js/.test(r.url()) &&
        r.text().then(
          (t) => (config += t),
          () => {},
        )
      ),
  );
  const urls = new Map<string, string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await cdp.send('Network.enable');
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const mine = [...bytes].filter(([id]) => urls.get(id)?.startsWith(h.collector.url));
  const total = mine.reduce((sum, [, n]) => sum + n, 0);
  const files = mine.map(([id, n]) => `${new URL(urls.get(id)!).pathname} ${n}`).join(', ');
  await context.close();
  return { total, files, config };
}

/** Records a figure for the README and checks it against the hard limit (or the interim ceiling on the wire). */
function check(name: keyof typeof BUDGETS, what: string, m: { total: number; files: string }) {
  const { target, hard, wire = hard } = BUDGETS[name];
  const kb = (n: number) => (n / 1024).toFixed(2) + ' KB';
  const note = m.total > target ? ` (over the ${kb(target)} target)` : '';
  figures.push(`${what}: ${kb(m.total)}, limit ${kb(wire)}${note} [${m.files}]`);
  expect(m.total, m.files).toBeLessThanOrEqual(wire);
}

describe('bytes a visitor downloads from the collector', () => {
  it('stays within 3 KB, the rules inlined in the loader, on a page where no survey is due', async () => {
    const m = await measure(`${h.origin}/`, (page) => loaderRan(page).then(() => undefined));
    expect(m.files, 'one request: the loader with the rules').toMatch(/^\/widget\.js \d+$/);
    expect(m.config, 'the loader gets no questions or copy').not.toMatch(/questions|Northwind/);
    // the loader size.mjs counts is the one the collector sends
    const template = readFileSync(new URL('../../dist/widget.js.template', import.meta.url), 'utf8');
    expect(m.config).toBe(template.replace('__touchpointRules', () => `(${JSON.stringify(SAMPLE_CONFIG)})`));
    check('nothing', 'page, nothing due', m);
  });

  it('stays within 13 KB until a popup survey is visible, its UI chunk without parts the survey does not use', async () => {
    const m = await measure(`${h.origin}/order-confirmation`, (page) => page.locator(CARD).waitFor());
    // the post-purchase survey asks number scales and free text only: the chunk with no part
    expect(m.files).toMatch(/\/widget\/ui-en-[\w-]{8}\.js /);
    check('popup', 'popup visible', m);
  });

  it("stays within 18 KB on a kiosk's first visit until its survey shows, its page running the kiosk chunk without the loader", async () => {
    const m = await measure(`${h.collector.url}/k/kiosk-store-12?site=${SITE}`, (page) =>
      page.locator('touchpoint-survey-root').getByText('How was your visit today?').waitFor(),
    );
    expect(m.files, 'the kiosk page runs its chunk without the loader').not.toMatch(/\/widget\.js/);
    check('kiosk', 'kiosk, first visit', m);
  });

  it('stays within 15 KB on a link page until its survey shows', async () => {
    const m = await measure(`${h.collector.url}/s/store-nps?tp=store-12&site=${SITE}`, (page) =>
      page.locator('touchpoint-survey-root').getByText('How likely are you').first().waitFor(),
    );
    expect(m.files, 'the config comes inlined in the page').not.toMatch(/\/config/);
    expect(m.files, 'the page runs its chunk without the loader').not.toMatch(/\/widget\.js/);
    check('page', 'link page', m);
  });
});
