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
      await form.getByRole('button', { name: 'Add alert' }).click();
      await page
        .getByTestId('chat-notifications')
        .getByText('Teams, a daily summary (example.webhook.office.com) [detractor]')
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

  it("saves a rule on the site's themes and sentiments, whatever the score, and lists what it matches", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${collector.url}/dashboard/#/settings`);
      await page.getByLabel('API key').fill(collector.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const form = page.getByRole('form', { name: 'Slack and Teams' });
      // The themes are the site's taxonomy, read from the insights API.
      await form.getByLabel('Queue & checkout').waitFor({ timeout: WAIT_MS });
      await form.getByLabel('Incoming-webhook URL').fill('https://hooks.slack.com/services/T0/B0/queue');
      await form.getByLabel('Detractors only').uncheck();
      await form.getByLabel('Queue & checkout').check();
      await form.getByLabel('Cleanliness').check();
      await form.getByLabel('negative').check();
      await form.getByLabel('mixed').check();
      await form.getByRole('button', { name: 'Add alert' }).click();
      await page
        .getByTestId('chat-notifications')
        .getByText('Comments about Queue & checkout, Cleanliness to Slack')
        .waitFor({ timeout: WAIT_MS });
      await page
        .getByTestId('chat-notifications')
        .getByText('[about Queue & checkout, Cleanliness; sentiment negative, mixed]')
        .waitFor({ timeout: WAIT_MS });
      await expect(form.getByLabel('Queue & checkout').isChecked()).resolves.toBe(false);

      const rules = (await adminCall<Rule[]>(collector, 'GET', '/v1/admin/sites/shop/rules')).body;
      const saved = rules.find((r) => r.actions.some((a) => a.type === 'notify' && a.url.endsWith('/queue')));
      expect(saved?.match).toEqual({
        scale: 'nps',
        themes: ['queue-checkout', 'cleanliness'],
        sentiments: ['negative', 'mixed'],
      });
    } finally {
      await context.close();
    }
  });
});
