import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../collector/test/helpers/collector.js';
import { launchBrowser } from './support/browser.js';

/** Bound on each wait for the page (swagger-ui renders every operation: slow on a loaded machine). */
const WAIT_MS = 45_000;
/** /docs renders every operation of the API: slow on a loaded machine. */
const TEST_TIMEOUT_MS = 120_000;
/** An admin GET that answers 200 to any valid key. */
const ME = '/v1/admin/me';

let collector: TestCollector;
let browser: Browser;

beforeAll(async () => {
  collector = await startCollector({ listen: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

/** Clicks "Execute" on GET /v1/admin/me; returns the Authorization header sent and the status /docs shows. */
async function execute(page: Page): Promise<{ authorization: string | undefined; shown: string }> {
  const op = page.locator('.opblock-get').filter({ has: page.locator(`[data-path="${ME}"]`) });
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === ME, { timeout: WAIT_MS }),
    op.getByRole('button', { name: 'Execute' }).click(),
  ]);
  const status = String(response.status());
  // The page shows the live response once it has it; wait for this call's status in the table.
  const cell = op.locator('.live-responses-table tbody .response-col_status', { hasText: status });
  await cell.waitFor({ timeout: WAIT_MS });
  return { authorization: response.request().headers().authorization, shown: (await cell.innerText()).trim() };
}

describe('API docs (/docs)', () => {
  it(
    'lists the operations under its CSP, and answers 401 to "Try it out" on an admin GET until a key is entered under "Authorize", then 200 with the key sent',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const page = await browser.newPage();
      await page.goto(`${collector.url}/docs`);
      // Rendered under the Content-Security-Policy of /docs (collector/test/security-headers.test.ts):
      // swagger-ui's scripts ran and listed the operations.
      await page.locator('.opblock-summary-path', { hasText: '/v1/responses' }).first().waitFor({ timeout: WAIT_MS });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      const op = page.locator('.opblock-get').filter({ has: page.locator(`[data-path="${ME}"]`) });
      await op.locator('.opblock-summary').first().click({ timeout: WAIT_MS });
      await op.getByRole('button', { name: 'Try it out' }).click();

      const anonymous = await execute(page);
      expect(anonymous.authorization).toBeUndefined();
      // /me documents no 401, so the page adds "Undocumented" under the status
      expect(anonymous.shown).toMatch(/^401\b/);

      await page.locator('.btn.authorize').first().click();
      await page.locator('.modal-ux #auth-bearer-value').fill(collector.adminKey);
      await page.locator('.modal-ux button.authorize').click();
      await page.locator('.modal-ux button.btn-done').click();
      const signed = await execute(page);
      expect(signed.authorization).toBe(`Bearer ${collector.adminKey}`);
      expect(signed.shown).toBe('200');
      await page.close();
    },
  );
});
