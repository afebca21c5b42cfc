import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '@touchpoint/shared';
import { adminCall, fastOutbox } from '../collector/test/closed-loop/fixtures.js';
import { startCollector, type TestCollector } from '../collector/test/helpers/collector.js';
import { seedCatalog } from '../collector/test/helpers/fixtures.js';
import { launchBrowser } from './support/browser.js';

/** Bound on each wait for the page. */
const WAIT_MS = 10_000;

let collector: TestCollector;
let browser: Browser;

beforeAll(async () => {
  collector = await startCollector({ listen: true, env: fastOutbox });
  await seedCatalog(collector);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

describe('dashboard: Slack and Teams notifications', () => {
  it('adds a Teams daily digest rule for detractors from the site settings and lists it', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${collector.url}/dashboard/#/settings`);
      await page.getByLabel('API key').fill(collector.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const form = page.getByRole('form', { name: 'Slack and Teams' });
      await form.waitFor({ timeout: WAIT_MS });
      await form.getByLabel('Service').selectOption('teams');
      await form.getByLabel('Incoming-webhook URL').fill('https://example.webhook.office.com/webhookb2/abc');
      await form.getByLabel('Send').selectOption('daily');
      await form.getByRole('button', { name: 'Add detractor alert' }).click();
      await page
        .getByTestId('chat-notifications')
        .getByText('Teams, a daily summary (example.webhook.office.com)')
        .waitFor({ timeout: WAIT_MS });

      const rules = (await adminCall<Rule[]>(collector, 'GET', '/v1/admin/sites/shop/rules')).body;
      expect(rules.find((r) => r.id === 'teams-alert-1')).toMatchObject({
        match: { bands: ['detractor'] },
        actions: [
          { type: 'notify', kind: 'teams', url: 'https://example.webhook.office.com/webhookb2/abc', digest: 'daily' },
        ],
      });
    } finally {
      await context.close();
    }
  });
});
