import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, type TestCollector } from '../collector/test/helpers/collector.js';
import { dashboardSuite } from './support/dashboard.js';

/** Synthetic responses behind the dashboard: enough for every touchpoint to be scored. */
const SEEDED = 1200;
/** Bound on each wait for the page. */
const WAIT_MS = 10_000;
const SITE = 'demo';

const suite = dashboardSuite({ responses: SEEDED, waitMs: WAIT_MS });
let collector: TestCollector;
beforeAll(() => {
  collector = suite.collector;
});

/** A fresh tab signed in with `key`, its console errors and uncaught exceptions collected. */
const signIn = (key: string) => suite.signIn({ key });

/** Goes to a dashboard view by its hash route. */
async function open(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => (location.hash = r), route);
}

/** The leaderboard's n for one touchpoint, as the table shows it. */
async function leaderboardN(page: Page, touchpoint: string): Promise<number> {
  await open(page, '#/leaderboard');
  const cell = page.locator(`[data-testid=leaderboard-table] tr[data-key="${touchpoint}"] [data-col=n]`);
  await cell.waitFor({ timeout: WAIT_MS });
  return Number((await cell.innerText()).replace(/\D/g, ''));
}

describe('dashboard', () => {
  it('signs an analyst in and draws the overview, the leaderboard and its charts without console errors', async () => {
    const { page, errors } = await signIn(collector.adminKey);
    await expect(page.getByTestId('tile-nps').innerText()).resolves.toMatch(/n = [\d,]+/);
    await page.locator('#channel-chart[data-drawn]').waitFor({ timeout: WAIT_MS });

    await open(page, '#/leaderboard');
    await page.locator('#leaderboard-chart[data-drawn]').waitFor({ timeout: WAIT_MS });
    await page.locator('#quintile-chart[data-drawn]').waitFor({ timeout: WAIT_MS });
    await page.locator('#channel-score-chart[data-drawn]').waitFor({ timeout: WAIT_MS });
    const rows = page.locator('[data-testid=leaderboard-table] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(15);
    expect(await rows.first().locator('td').first().innerText()).toBe('1');
    await expect(page.getByTestId('quintile-reading').innerText()).resolves.toMatch(/\S{10,}/);

    // sorting by n puts the smallest touchpoint first
    await page.getByRole('button', { name: /^n/ }).click();
    const ns = await page.locator('[data-testid=leaderboard-table] tbody [data-col=n]').allInnerTexts();
    const values = ns.map((n) => Number(n.replace(/\D/g, '')));
    expect(values).toEqual([...values].sort((a, b) => a - b));

    // the quintile gap carries its bootstrap interval and the heterogeneity test behind the reading
    await expect(page.getByTestId('quintile-gap-interval').innerText()).resolves.toMatch(/95% interval -?[\d.]+ to/);
    await expect(page.getByTestId('quintile-heterogeneity').innerText()).resolves.toMatch(/I² = \d+%/);
    // ranked by shrunk score, every rank shows its interval
    await page.getByTestId('rank-by').selectOption('shrunk');
    await page.locator('[data-testid=leaderboard-table] [data-col=shrunk]').first().waitFor({ timeout: WAIT_MS });
    const ranks = await page.locator('[data-testid=leaderboard-table] tbody [data-col=rank]').allInnerTexts();
    for (const rank of ranks) expect(rank).toMatch(/^\d+ \(\d+(–\d+)?\)$/);

    expect(errors).toEqual([]);
  });

  it('creates a survey in the editor and shows it in the preview rendered by the real widget', async () => {
    const { page, errors } = await signIn(collector.adminKey);
    await open(page, '#/surveys/new');
    const question = `How easy was it to find your size? ${randomUUID().slice(0, 8)}`;
    await page.getByLabel('Name').fill('Size finder');
    await page.getByLabel('Id', { exact: true }).first().fill('size-finder');
    await page.getByLabel('Question text (en)').first().fill(question);

    // the preview follows the draft: the widget's card, in its shadow root, asks the new question
    const legend = page.frameLocator('[data-testid=survey-preview]').locator('touchpoint-survey-root legend').first();
    await expect.poll(() => legend.innerText({ timeout: WAIT_MS }), { timeout: WAIT_MS }).toBe(question);

    await page.getByTestId('save-survey').click();
    await page.waitForFunction(() => location.hash === '#/surveys/size-finder', undefined, { timeout: WAIT_MS });
    const stored = await collector.app.inject({
      url: `/v1/admin/sites/${SITE}/surveys/size-finder`,
      headers: admin(),
    });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().questions[0].text.en).toBe(question);
    expect(errors).toEqual([]);
  });

  it("shows and edits the site's retention period in the site settings, leaving its other fields as they were", async () => {
    const { page, errors } = await signIn(collector.adminKey);
    const siteNow = async () =>
      (await collector.app.inject({ url: `/v1/admin/sites/${SITE}`, headers: admin() })).json();
    const before = await siteNow();
    await open(page, '#/settings');
    const months = page.getByLabel('Keep responses for (months)');
    await months.waitFor({ timeout: WAIT_MS });
    expect(await months.inputValue()).toBe('');
    await months.fill('24');
    await page.getByLabel('Then').selectOption('delete');
    // The page reads the site again after a save; that read is held until the field has been edited once
    // more, so the reply lands on an edit made since the save, which it must not undo.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/v1/admin/sites/${SITE}`, async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: WAIT_MS });
    const saved = await siteNow();
    expect(saved.settings).toEqual({ ...before.settings, retentionMonths: 24, retentionAction: 'delete' });
    expect(saved.origins).toEqual(before.origins);

    // emptied: responses are kept again
    await months.fill('');
    const reread = page.waitForResponse(
      (r) => r.url().endsWith(`/v1/admin/sites/${SITE}`) && r.request().method() === 'GET',
      { timeout: WAIT_MS },
    );
    release();
    await reread;
    await page.unroute(`**/v1/admin/sites/${SITE}`);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    expect(await months.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(async () => (await siteNow()).settings.retentionMonths, { timeout: WAIT_MS }).toBeNull();
    expect(errors).toEqual([]);
  });

  it("sets the site's time zone from the list of IANA zones, leaving its other settings as they were", async () => {
    const { page, errors } = await signIn(collector.adminKey);
    const siteNow = async () =>
      (await collector.app.inject({ url: `/v1/admin/sites/${SITE}`, headers: admin() })).json();
    const before = await siteNow();
    await open(page, '#/settings');
    const zone = page.getByRole('combobox', { name: 'Time zone', exact: true });
    await zone.waitFor({ timeout: WAIT_MS });
    expect(await zone.inputValue()).toBe('UTC');
    await zone.selectOption('America/New_York');
    await page.getByRole('button', { name: 'Save time zone' }).click();
    await page.getByRole('status').filter({ hasText: 'recounted' }).waitFor({ timeout: WAIT_MS });
    expect((await siteNow()).settings).toEqual({ ...before.settings, timeZone: 'America/New_York' });
    // back to UTC, so the other views' figures stay as seeded
    await zone.selectOption('UTC');
    await page.getByRole('button', { name: 'Save time zone' }).click();
    await expect.poll(async () => (await siteNow()).settings.timeZone, { timeout: WAIT_MS }).toBe('UTC');
    expect(errors).toEqual([]);
  });

  it('keeps a read-only key from editing: controls are disabled, and a forced write shows the 403', async () => {
    const created = await collector.app.inject({
      method: 'POST',
      url: '/v1/admin/keys',
      headers: admin(),
      payload: { name: 'Analyst', kind: 'read' },
    });
    const { page } = await signIn(created.json().secret);
    await expect(page.getByText('Read-only key').first().isVisible()).resolves.toBe(true);

    await open(page, '#/surveys/store-nps');
    const name = page.getByLabel('Name');
    await name.waitFor({ timeout: WAIT_MS });
    expect(await name.isDisabled()).toBe(true);
    expect(await page.getByTestId('save-survey').isDisabled()).toBe(true);
    await expect(page.getByTestId('read-only-note').isVisible()).resolves.toBe(true);

    // force the write past the disabled controls: the collector refuses it, and the page says so
    await page.evaluate(() => {
      document.querySelectorAll('fieldset, button').forEach((el) => el.removeAttribute('disabled'));
    });
    await name.fill('Renamed by a read-only key');
    await page.getByTestId('save-survey').click();
    const alert = page.getByRole('alert').filter({ hasText: '403' });
    await alert.waitFor({ timeout: WAIT_MS });
    expect(await alert.innerText()).toMatch(/read-only/i);

    const stored = await collector.app.inject({ url: `/v1/admin/sites/${SITE}/surveys/store-nps`, headers: admin() });
    expect(stored.json().name).toBe('Store NPS (QR and link)');
  });

  it("lists a newly posted response with its verbatim and moves the leaderboard's n", async () => {
    const { page } = await signIn(collector.adminKey);
    const before = await leaderboardN(page, 'store-12');

    const verbatim = `The fitting rooms were closed (${randomUUID().slice(0, 8)})`;
    const res = await fetch(`${collector.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        site: SITE,
        survey: 'store-nps',
        touchpoint: 'store-12',
        answers: { nps: 3, why: verbatim },
        createdAt: new Date().toISOString(),
        context: { channel: 'qr', trigger: 'link', vars: { cartValue: 42.5 } },
      }),
    });
    expect(res.status).toBe(200);

    await open(page, '#/responses');
    const row = page.locator('[data-testid=responses-table] tbody tr').first();
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.innerText()).toContain(verbatim);
    expect(await row.innerText()).toContain('42.50');

    expect(await leaderboardN(page, 'store-12')).toBe(before + 1);
  });

  it('answers a wrong key at sign-in with one plain message, not the API text', async () => {
    const { page } = await suite.signedOut();
    await page.getByLabel('API key').fill('tp_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: WAIT_MS });
    expect(await alert.innerText()).toBe('That key is not valid. Check it and try again.');
    expect(await page.getByRole('status').count()).toBe(0);
  });

  it('names channels as people say them, and offers kiosk pages and posters only where they fit', async () => {
    const { page } = await signIn(collector.adminKey);
    await open(page, '#/leaderboard');
    const channels = page.locator('section[aria-labelledby="channels-compare-h"] tbody th[scope=row]');
    await channels.first().waitFor({ timeout: WAIT_MS });
    expect(await channels.allInnerTexts()).toEqual(expect.arrayContaining(['Website', 'Kiosk', 'QR code', 'Phone']));

    await open(page, '#/touchpoints');
    const card = (id: string) => page.locator(`li.card[data-touchpoint="${id}"]`);
    await card('cart').waitFor({ timeout: WAIT_MS });
    expect(
      await card('cart')
        .getByRole('link', { name: /Kiosk page|Printable poster/ })
        .count(),
    ).toBe(0);
    expect(await card('kiosk-store-12').getByRole('link', { name: 'Kiosk page' }).count()).toBe(1);
    expect(await card('qr-receipt').getByRole('link', { name: 'Printable poster' }).count()).toBe(1);
    await expect(page.getByTestId('public-url-hint').innerText()).resolves.toContain('TOUCHPOINT_PUBLIC_URL');
  });

  it('names a kiosk from the kiosk health view', async () => {
    const { page } = await signIn(collector.adminKey);
    await open(page, '#/kiosks');
    await page
      .getByRole('button', { name: /^(Name it|Rename)$/ })
      .first()
      .click();
    await page.getByLabel(/^Name of kiosk /).fill('Store 12, by the door');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('rowheader', { name: /Store 12, by the door/ }).waitFor({ timeout: WAIT_MS });
  });

  it('pages through the inbox with Load more', async () => {
    const { page } = await signIn(collector.adminKey);
    await open(page, '#/inbox');
    await page.locator('form[aria-label="Filter cases"] select').first().selectOption('');
    const rows = page.locator('[data-testid=inbox] tbody tr');
    await page.getByRole('button', { name: 'Load more' }).waitFor({ timeout: WAIT_MS });
    expect(await rows.count()).toBe(100);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBeGreaterThan(100);
  });

  it("opens a chat alert's case link on that case, whatever the inbox's filters", async () => {
    // The last case by due time is not on the inbox's first page: only the link can show it at once.
    const listed = await collector.app.inject({
      method: 'GET',
      url: `/v1/admin/sites/${SITE}/cases?status=resolved&limit=1`,
      headers: admin(),
    });
    const [resolved] = listed.json() as { id: string }[];
    const { page, errors } = await signIn(collector.adminKey);
    await open(page, `#/inbox?case=${encodeURIComponent(resolved!.id)}`);
    const focused = page.getByRole('region', { name: 'The case you followed a link to' });
    await focused.locator('tbody tr').waitFor({ timeout: WAIT_MS });
    expect(await focused.locator('tbody tr').count()).toBe(1);
    expect(await focused.locator('tbody tr').innerText()).toContain('resolved');
    expect(await page.getByRole('link', { name: 'Follow-up inbox' }).getAttribute('aria-current')).toBe('page');
    expect(errors).toEqual([]);

    await open(page, '#/inbox?case=no-such-case');
    await page.getByText('This case no longer exists').waitFor({ timeout: WAIT_MS });
  });

  it('returns to sign-in with a message when the key is revoked mid-session', async () => {
    const created = await collector.app.inject({
      method: 'POST',
      url: '/v1/admin/keys',
      headers: admin(),
      payload: { name: 'Store manager', kind: 'admin' },
    });
    const { key, secret } = created.json();
    const { page } = await signIn(secret);
    await collector.app.inject({ method: 'DELETE', url: `/v1/admin/keys/${key.id}`, headers: admin() });

    await open(page, '#/kiosks');
    const message = page.getByRole('status').filter({ hasText: 'Sign in again' });
    await message.waitFor({ timeout: WAIT_MS });
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
