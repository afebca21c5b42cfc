import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { signReceipt } from '../../../collector/src/receipts/sign.js';
import { admin } from '../../../collector/test/helpers/collector.js';
import { LEGEND, type PagesHarness, ROOT, SITE, startPagesHarness, THANKS } from './pages-harness.js';

let h: PagesHarness;
let browser: Browser;
let secret = '';

beforeAll(async () => {
  h = await startPagesHarness();
  await h.addTouchpoint({ id: 'store-12', name: 'Store 12', kind: 'store' });
  await h.addSurvey({
    id: 'store-visit',
    name: 'Store visit',
    touchpoint: 'store-12',
    questions: [
      { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
      { id: 'best', type: 'text', text: { en: 'What did you like best?' }, showIf: { question: 'nps', min: 9 } },
    ],
  });
  const key = await h.collector.app.inject({
    method: 'POST',
    url: `/v1/admin/sites/${SITE}/receipts/keys`,
    headers: admin(h.collector.adminKey),
    payload: { kid: 'k1' },
  });
  secret = key.json<{ secret: string }>().secret;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A phone (390 × 844 CSS px, touch) that collects errors logged, thrown or answered with a 4xx/5xx. */
async function phone(): Promise<[BrowserContext, Page, string[]]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const favicon = (url: string) => new URL(url).pathname == '/favicon.ico';
  page.on('console', (m) => m.type() == 'error' && !favicon(m.location().url || 'http://x/') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !favicon(r.url()) && errors.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => errors.push(e.message));
  return [context, page, errors];
}

describe('receipt QR page', () => {
  it('takes one answer for a scanned receipt and thanks a second scan instead of asking again', async () => {
    const token = signReceipt(
      {
        k: 'k1',
        s: SITE,
        t: 'store-12',
        l: 'till-2',
        x: 'T-5001',
        i: Math.floor(Date.now() / 1000) - 120,
        v: { bill: 42.9 },
      },
      secret,
    );
    const [context, page, errors] = await phone();
    await page.goto(`${h.origin}/r/${token}`);
    await page.locator(`${ROOT} fieldset button`, { hasText: /^10$/ }).click();
    await page.locator(LEGEND, { hasText: 'What did you like best?' }).waitFor();
    await page.locator(`${ROOT} textarea`).fill('Quick checkout');
    await page.locator(`${ROOT} button[type=submit]`).click();
    await page.locator(THANKS).waitFor();
    const stored = await h.waitForResponses((r) => r.some((x) => x.answers.best === 'Quick checkout' && !x.partial));
    expect(stored.filter((x) => x.vars.txn === 'T-5001')).toEqual([
      expect.objectContaining({
        touchpoint: 'store-12',
        channel: 'qr',
        partial: false,
        answers: { nps: 10, best: 'Quick checkout' },
        vars: { bill: 42.9, txn: 'T-5001', till: 'till-2' },
      }),
    ]);
    expect(errors).toEqual([]);

    // The same receipt scanned again, on another phone.
    const [second, again] = await phone();
    await again.goto(`${h.origin}/r/${token}`);
    await again.getByRole('heading', { name: 'Already answered, thank you!' }).waitFor();
    expect(await again.locator(ROOT).count()).toBe(0);
    await context.close();
    await second.close();
  });
});
