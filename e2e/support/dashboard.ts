import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { seedDemoCatalog, seedDemoResponses } from '../../collector/src/seed/demo-data.js';
import { startCollector, type TestCollector } from '../../collector/test/helpers/collector.js';
import { launchBrowser } from './browser.js';

/** A signed-in dashboard tab, with its console errors and uncaught exceptions collected. */
export interface SignedIn {
  page: Page;
  errors: string[];
}

/** What a dashboard test file gets from `dashboardSuite`. */
export interface DashboardSuite {
  /** the collector behind the dashboard (after beforeAll) */
  readonly collector: TestCollector;
  /** A fresh tab on the dashboard's sign-in form. */
  signedOut(): Promise<SignedIn>;
  /** A fresh tab signed in with `key` (default: the admin key), on `route` when given. */
  signIn(options?: { key?: string; route?: string }): Promise<SignedIn>;
}

/**
 * The dashboard tests' fixture, registered in the calling file: a listening collector with the demo
 * catalog (and `responses` seeded responses: with some, sign-in waits for the overview's trend chart
 * to be drawn), one Chromium for the file, and a browser context per test, closed after it.
 * `bypassCSP` lets a test inject axe into the page.
 */
export function dashboardSuite(options: { responses?: number; bypassCSP?: boolean; waitMs?: number } = {}) {
  const waitMs = options.waitMs ?? 10_000;
  let collector: TestCollector | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    collector = await startCollector({ listen: true });
    await seedDemoCatalog(collector.app.store);
    if (options.responses) await seedDemoResponses(collector.app.store, options.responses, { seed: 7 });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
  });

  const suite: DashboardSuite = {
    get collector() {
      if (!collector) throw new Error('the dashboard suite has not started yet');
      return collector;
    },
    async signedOut() {
      context = await browser!.newContext({
        viewport: { width: 1400, height: 1000 },
        bypassCSP: options.bypassCSP ?? false,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${suite.collector.url}/dashboard/`);
      return { page, errors };
    },
    async signIn({ key, route } = {}) {
      const { page, errors } = await suite.signedOut();
      await page.getByLabel('API key').fill(key ?? suite.collector.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      if (options.responses) await page.locator('#trend-chart[data-drawn]').waitFor({ timeout: waitMs });
      else await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'detached', timeout: waitMs });
      if (route) await page.evaluate((r) => (location.hash = r), route);
      return { page, errors };
    },
  };
  return suite;
}
