import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../widget/test/browser/axe.js';
import { admin } from '../collector/test/helpers/collector.js';
import { dashboardSuite } from './support/dashboard.js';

/** Synthetic demo responses (with the demo's comments) behind the dashboard. */
const SEEDED = 1200;
/** Bound on each wait for the page. */
const WAIT_MS = 10_000;
const SITE = 'demo';

const suite = dashboardSuite({ responses: SEEDED, bypassCSP: true, waitMs: WAIT_MS });
beforeAll(async () => {
  // the seeded responses were written to the store directly: analyse them all now
  expect(await suite.collector.app.insights!.backfill(SITE)).toBeGreaterThan(0);
});

interface Counts {
  withText: number;
  responses: number;
  verbatims: number;
}

/** What the API answers for the insights view's themes and verbatims with these (dashboard) parameters. */
async function apiCounts(query: URLSearchParams): Promise<Counts> {
  const get = async (path: string, q: URLSearchParams) => {
    const res = await suite.collector.app.inject({
      url: `/v1/admin/sites/${SITE}/insights/${path}?${q}`,
      headers: admin(),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const themes = await get('themes', query);
  const verbatims = await get('verbatims', query);
  return { withText: themes.withText, responses: themes.responses, verbatims: verbatims.total };
}

/** The counts the insights view shows: "N comments in M responses" and the verbatim pager's "of N". */
async function shownCounts(page: Page): Promise<Counts> {
  const panel = (id: string) => page.locator(`section[aria-labelledby="${id}-h"]`);
  // short waits: the caller polls until the panels have loaded
  const themes = await panel('insight-themes').locator('p.muted').first().innerText({ timeout: 500 });
  const pager = await panel('insight-verbatims').locator('.toolbar span.muted').innerText({ timeout: 500 });
  const num = (s: string | undefined) => Number((s ?? '').replace(/\D/g, ''));
  const [, withText, responses] = /([\d,]+) comments in ([\d,]+) responses/.exec(themes) ?? [];
  return { withText: num(withText), responses: num(responses), verbatims: num(/of ([\d,]+)/.exec(pager)?.[1]) };
}

/** The query of the next themes request the page makes, once `act` has run. */
async function themesQueryAfter(page: Page, act: () => Promise<unknown>): Promise<URLSearchParams> {
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url().includes(`/sites/${SITE}/insights/themes?`), { timeout: WAIT_MS }),
    act(),
  ]);
  return new URL(req.url()).searchParams;
}

/** Waits until the view shows `want` (the panels reload one by one). */
const settle = (page: Page, want: Counts) =>
  expect.poll(() => shownCounts(page).catch(() => null), { timeout: WAIT_MS }).toEqual(want);

describe('insights per segment in the dashboard', () => {
  it('filters every panel by the chosen channel, shows a chip, keeps it in the link, and resets', async () => {
    const { page, errors } = await suite.signIn();
    const all = await themesQueryAfter(page, () => page.evaluate(() => (location.hash = '#/insights')));
    const overall = await apiCounts(all);
    expect(overall.withText).toBeGreaterThan(0);
    await settle(page, overall);
    expect(await axeViolations(page, '[data-testid=insights]')).toEqual([]);

    const segment = page.getByTestId('insight-segment');
    const kioskQuery = await themesQueryAfter(page, () => segment.getByLabel('Channel').selectOption('kiosk'));
    expect(kioskQuery.get('channel')).toBe('kiosk');
    const kiosk = await apiCounts(kioskQuery);
    expect(kiosk.withText).toBeGreaterThan(0);
    expect(kiosk.withText).toBeLessThan(overall.withText);
    await settle(page, kiosk);
    expect(await page.evaluate(() => location.hash)).toBe('#/insights?channel=kiosk');
    await expect.poll(() => page.getByTestId('segment-chips').innerText()).toContain('filtered: channel Kiosk');
    // every panel asked for the segment
    for (const path of ['trend', 'verbatims', 'staff', 'emerging']) {
      const reqs = await page.evaluate(
        (p) =>
          performance
            .getEntriesByType('resource')
            .filter((e) => e.name.includes(`/insights/${p}?`))
            .at(-1)?.name,
        path,
      );
      expect(new URL(reqs!).searchParams.get('channel'), path).toBe('kiosk');
    }
    expect(await axeViolations(page, '[data-testid=insights]')).toEqual([]);

    await page.getByRole('button', { name: 'Reset filters' }).click();
    await settle(page, overall);
    expect(await page.getByTestId('segment-chips').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens a link with a channel and a variable value on that segment, and a chip removes one filter', async () => {
    const { page, errors } = await suite.signIn();
    const query = await themesQueryAfter(page, () =>
      page.evaluate(() => (location.hash = '#/insights?channel=web&var.segment=new')),
    );
    expect([query.get('channel'), query.get('var.segment')]).toEqual(['web', 'new']);
    const both = await apiCounts(query);
    await settle(page, both);
    const segment = page.getByTestId('insight-segment');
    expect(await segment.locator('[name=channel]').inputValue({ timeout: WAIT_MS })).toBe('web');
    expect(await segment.locator('[name=variable]').inputValue({ timeout: WAIT_MS })).toBe('segment');
    await expect
      .poll(() => segment.locator('[name=value]').inputValue({ timeout: 500 }), { timeout: WAIT_MS })
      .toBe('new');
    const chips = page.getByTestId('segment-chips');
    expect(await chips.innerText({ timeout: WAIT_MS })).toContain('filtered: segment = new');

    const webOnly = await themesQueryAfter(page, () =>
      chips.getByRole('button', { name: 'Remove filter segment = new' }).click({ timeout: WAIT_MS }),
    );
    expect(webOnly.has('var.segment')).toBe(false);
    const web = await apiCounts(webOnly);
    expect(web.withText).toBeGreaterThanOrEqual(both.withText);
    await settle(page, web);
    expect(await page.evaluate(() => location.hash)).toBe('#/insights?channel=web');
    expect(await axeViolations(page, '[data-testid=insights]')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
