import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, contactSurvey, postResponse } from '../collector/test/closed-loop/fixtures.js';
import { startCollector, type TestCollector } from '../collector/test/helpers/collector.js';
import { aResponse, seedCatalog } from '../collector/test/helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../collector/test/helpers/smtp-sink.js';
import { launchBrowser } from './support/browser.js';

/** Bound on each wait for the page. */
const WAIT_MS = 10_000;

let collector: TestCollector;
let smtp: SmtpSink;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpSink();
  // The worker's own timer would fire in 10 minutes: the test runs its rounds.
  collector = await startCollector({
    listen: true,
    env: { TOUCHPOINT_SMTP_URL: smtp.url, TOUCHPOINT_OUTBOX_INTERVAL_MS: '600000' },
  });
  await seedCatalog(collector);
  await adminCall(collector, 'POST', '/v1/admin/sites/shop/surveys', contactSurvey);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await smtp?.close();
});

describe('dashboard: the daily reply cap', () => {
  it('warns on the overview when replies were held back by the cap today', async () => {
    const settings = { cooldownHours: 24, followUpSlaHours: 48, dailyReplyCap: 1 };
    expect((await adminCall(collector, 'PATCH', '/v1/admin/sites/shop', { settings })).status).toBe(200);
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await postResponse(collector, aResponse({ survey: 'store-nps', answers: { nps: 10, email } }));
    }
    await collector.app.delivery.runOnce();
    expect(smtp.mails).toHaveLength(1);

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${collector.url}/dashboard/`);
      await page.getByLabel('API key').fill(collector.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const notice = page.getByTestId('reply-cap-notice');
      await notice.waitFor({ timeout: WAIT_MS });
      await expect(notice.innerText()).resolves.toMatch(/Daily reply cap reached: 2 replies today were not sent/);
    } finally {
      await context.close();
    }
  });
});
