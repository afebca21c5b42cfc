import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../widget/test/browser/axe.js';
import { seedDemoCatalog } from '../collector/src/seed/demo-data.js';
import { admin, startCollector, type TestCollector } from '../collector/test/helpers/collector.js';
import { launchBrowser } from './support/browser.js';

/** Bound on each wait for the page. */
const WAIT_MS = 10_000;
const SITE = 'demo';

let collector: TestCollector;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  collector = await startCollector({ listen: true });
  await seedDemoCatalog(collector.app.store);
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

/** A fresh tab signed in with the admin key, on `route`, its console errors collected. */
async function signIn(route: string): Promise<{ page: Page; errors: string[] }> {
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${collector.url}/dashboard/`);
  await page.getByLabel('API key').fill(collector.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'detached', timeout: WAIT_MS });
  await page.evaluate((r) => (location.hash = r), route);
  return { page, errors };
}

const siteNow = async () => (await collector.app.inject({ url: `/v1/admin/sites/${SITE}`, headers: admin() })).json();

describe('the theme editor', () => {
  it('shows the contrast live, refuses grey text on white with the ratio, corrects it, and saves only the theme', async () => {
    const before = await siteNow();
    const { page, errors } = await signIn('#/settings');
    const editor = page.getByTestId('theme-editor');
    await editor.waitFor({ timeout: WAIT_MS });
    // the demo's own colours pass
    await expect(page.getByTestId('theme-contrast').innerText()).resolves.toMatch(
      /text on background \d+\.\d\d:1 \(AA\)/,
    );

    await page.getByLabel('Text', { exact: true }).fill('#999999');
    await page.getByLabel('Background', { exact: true }).fill('#ffffff');
    const list = page.getByTestId('theme-contrast');
    await expect(list.innerText()).resolves.toContain('text on background 2.85:1, needs 4.5:1');
    const save = page.getByRole('button', { name: 'Save theme' });
    expect(await save.isDisabled()).toBe(true);
    await expect(page.getByTestId('theme-refused').innerText()).resolves.toMatch(
      /Saving is disabled: text on background 2\.85:1, needs 4\.5:1/,
    );

    // the correction: the nearest darker grey that passes
    await page.getByTestId('correct-text').click();
    const corrected = await page.getByLabel('Text', { exact: true }).inputValue();
    expect(corrected).toMatch(/^#[0-9a-f]{6}$/);
    expect(corrected).not.toBe('#999999');
    await expect(list.innerText()).resolves.toMatch(/text on background \d+\.\d\d:1 \(AA\)/);
    // axe once the theme passes (the sample shows a failing theme as it is: that is its point)
    expect(await axeViolations(page, '[data-testid=theme-editor]')).toEqual([]);
    // the sample card shows the theme's colours
    expect(await page.getByTestId('theme-sample').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(255, 255, 255)',
    );

    await page.getByLabel('Corner radius (px)').fill('20');
    await page.getByLabel('NPS buttons red to green').check();
    expect(await save.isDisabled()).toBe(false);
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Theme saved.' }).waitFor({ timeout: WAIT_MS });
    const after = await siteNow();
    expect(after.settings.theme).toEqual({
      ...before.settings.theme,
      text: corrected,
      background: '#ffffff',
      radius: 20,
      npsColours: true,
    });
    // everything but the theme as it was
    expect({ ...after.settings, theme: null }).toEqual({ ...before.settings, theme: null });
    expect(after.name).toBe(before.name);
    expect(errors).toEqual([]);
  });

  it('refuses light button text on a light brand colour and names the pair', async () => {
    const { page } = await signIn('#/settings');
    await page.getByTestId('theme-editor').waitFor({ timeout: WAIT_MS });
    await page.getByLabel('Brand colour', { exact: true }).fill('#ffd700');
    await expect(page.getByTestId('theme-refused').innerText()).resolves.toMatch(
      /button text on brand 1\.\d\d:1, needs 4\.5:1/,
    );
    expect(await page.getByRole('button', { name: 'Save theme' }).isDisabled()).toBe(true);
  });
});
