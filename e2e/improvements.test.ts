import { describe, expect, it } from 'vitest';
import { axeViolations } from '../widget/test/browser/axe.js';
import { admin } from '../collector/test/helpers/collector.js';
import { dashboardSuite } from './support/dashboard.js';

/** Bound on each wait for the page. */
const WAIT_MS = 10_000;
const SITE = 'demo';

const suite = dashboardSuite({ bypassCSP: true, waitMs: WAIT_MS });

describe('"You said, we did" in the dashboard', () => {
  it('posts an improvement linked to a touchpoint and a theme, lists it as text, and the public page shows it', async () => {
    const { page, errors } = await suite.signIn({ route: '#/improvements' });
    const view = page.getByTestId('improvements');
    await view.waitFor({ timeout: WAIT_MS });
    // the theme select is filled from the site's taxonomy
    await page.getByRole('option', { name: 'Queue & checkout' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    expect(await axeViolations(page, '[data-testid=improvements]')).toEqual([]);

    const title = 'Two more tills <b>on weekends</b>';
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Day done').fill('2026-11-20');
    await page.getByLabel('Touchpoint').selectOption('store-01');
    await page.getByLabel('Theme').selectOption('queue-checkout');
    await page.getByLabel('What was done').fill('Open from 10 to 18.');
    await page.getByRole('button', { name: 'Post improvement' }).click();
    await page.getByRole('status').filter({ hasText: 'Posted' }).waitFor({ timeout: WAIT_MS });

    const row = page.locator('tr[data-improvement]');
    await row.waitFor({ timeout: WAIT_MS });
    // text rendered as text: the tag shows, no <b> element is made
    expect(await row.locator('th').innerText()).toBe(title);
    expect(await row.locator('b').count()).toBe(0);
    expect(await row.innerText()).toContain('Queue & checkout');
    expect(await row.innerText()).toContain('Store 01 Berlin Mitte');
    // linked cases and notices sent: none (the demo data has no contacts with consent about it)
    expect(await row.locator('td.num').allInnerTexts()).toEqual(['0', '0']);

    const stored = await suite.collector.app.inject({ url: `/v1/admin/sites/${SITE}/improvements`, headers: admin() });
    expect(stored.json()).toMatchObject([
      { notices: 0, title, touchpoint: 'store-01', theme: 'queue-checkout', day: '2026-11-20' },
    ]);

    // edit: PATCH only changes what the form holds; the theme can be taken off
    await page.getByRole('button', { name: `Edit ${title}` }).click();
    await page.getByLabel('Theme').selectOption('');
    await page.getByRole('button', { name: 'Save improvement' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: WAIT_MS });
    // The list reloads after the status says "Saved": wait for the row to change.
    await expect.poll(() => row.innerText(), { timeout: WAIT_MS }).not.toContain('Queue & checkout');
    expect(await axeViolations(page, '[data-testid=improvements]')).toEqual([]);

    // the public pages, linked from the view
    const href = await view.getByRole('link', { name: `/y/${SITE}` }).getAttribute('href');
    expect(href).toBe(`/y/${SITE}`);
    for (const path of [`/y/${SITE}`, `/y/${SITE}/store-01`]) {
      const pub = await page.context().newPage();
      await pub.goto(`${suite.collector.url}${path}`);
      expect(await pub.locator('body').innerText()).toContain(title);
      expect(await pub.locator('b', { hasText: 'on weekends' }).count()).toBe(0);
      await pub.close();
    }

    // delete
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Delete ${title}` }).click();
    await page.getByText('No improvement posted yet.').waitFor({ timeout: WAIT_MS });
    expect(errors).toEqual([]);
  });
});
