import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../widget/test/browser/axe.js';
import { admin, type TestCollector } from '../collector/test/helpers/collector.js';
import { dashboardSuite } from './support/dashboard.js';

/** Bound on each wait for the page. */
const WAIT_MS = 10_000;
const SITE = 'demo';

const suite = dashboardSuite({ bypassCSP: true, waitMs: WAIT_MS });
let collector: TestCollector;
beforeAll(() => {
  collector = suite.collector;
});

/** A fresh tab signed in with the admin key, on `route`, its console errors collected. */
const signIn = (route: string) => suite.signIn({ route });

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

/** The widget's card in the editor's preview frame. */
const previewCard = (page: Page) =>
  page.frameLocator('[data-testid=survey-preview]').locator('touchpoint-survey-root .c');

/** A computed style of the first element `selector` finds inside the preview's card. */
const cardStyle = (page: Page, selector: string, prop: string) =>
  page
    .frameLocator('[data-testid=survey-preview]')
    .locator(`touchpoint-survey-root ${selector}`)
    .first()
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);

/** Picks 9 in the preview's card and reads the picked answer's colour: polled, as the card may be redrawn between. */
const pickNine = async (page: Page) => {
  await previewCard(page).locator('input[value="9"]').click();
  return cardStyle(page, 'input:checked + span', 'background-color');
};

describe('the survey editor’s preview', () => {
  it('shows the site’s theme, then the survey’s own brand colour and NPS colours, on light and dark pages, desktop and phone', async () => {
    await collector.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/${SITE}`,
      headers: admin(),
      payload: { settings: { theme: { brand: '#a3461f', text: 'auto', background: 'auto', radius: 10 } } },
    });
    const { page, errors } = await signIn('#/surveys/site-nps');
    await previewCard(page).waitFor({ timeout: WAIT_MS });
    // the site's rust on the light sample page's light card. The card may be drawn once before the site's theme
    // has arrived (white too, with the default corners) and then again: wait for the theme's corners, and pick 9
    // again should the card be redrawn between the click and the read.
    await expect.poll(() => cardStyle(page, '.c', 'background-color'), { timeout: WAIT_MS }).toBe('rgb(255, 255, 255)');
    await expect.poll(() => cardStyle(page, '.c', 'border-radius'), { timeout: WAIT_MS }).toBe('10px');
    await expect.poll(() => pickNine(page), { timeout: WAIT_MS }).toBe('rgb(163, 70, 31)');

    // the survey's own brand colour and NPS colours, merged over the site's theme
    await page.getByLabel('Own brand colour').check();
    await page.getByLabel('Survey brand colour').fill('#1d5c3a');
    await page.getByLabel('NPS buttons').selectOption('on');
    // the card redraws with the edit: pick 9 again and read the selected answer's colour
    await expect.poll(() => pickNine(page), { timeout: WAIT_MS }).toBe('rgb(29, 92, 58)');
    // NPS colours: 0 tinted red, 10 tinted green (polled: each edit above redraws the card once its debounce ends)
    const tint = async (n: number) =>
      ((await cardStyle(page, `input[value="${n}"] + span`, 'background-color')).match(/\d+/g) ?? []).map(Number);
    await expect
      .poll(
        async () => {
          const [r0 = 0, g0 = 0] = await tint(0);
          const [r10 = 0, g10 = 0] = await tint(10);
          return { zeroRed: r0 > g0, tenGreen: g10 > r10 };
        },
        { timeout: WAIT_MS },
      )
      .toEqual({ zeroRed: true, tenGreen: true });

    // a dark sample page: the auto card turns dark
    await page.getByText('Dark page').click();
    await expect.poll(() => cardStyle(page, '.c', 'background-color'), { timeout: WAIT_MS }).toBe('rgb(31, 35, 40)');

    // a phone: the frame is 390 px wide and the card a bottom sheet across it
    await page.getByText('Phone', { exact: true }).click();
    const frame = page.locator('[data-testid=survey-preview]');
    await expect.poll(() => frame.getAttribute('data-device')).toBe('phone');
    await expect
      .poll(
        async () => {
          const inner = await page
            .frameLocator('[data-testid=survey-preview]')
            .locator('body')
            .evaluate(() => [
              innerWidth,
              document.querySelector('touchpoint-survey-root')!.shadowRoot!.querySelector('.c')!.getBoundingClientRect()
                .width,
            ]);
          return inner[0] === inner[1] && inner[0]! <= 390;
        },
        { timeout: WAIT_MS },
      )
      .toBe(true);
    expect(errors).toEqual([]);
  });

  it('refuses a survey brand colour that fails contrast with the button text, saying why', async () => {
    const { page } = await signIn('#/surveys/site-nps');
    await page.getByLabel('Own brand colour').waitFor({ timeout: WAIT_MS });
    await page.getByLabel('Own brand colour').check();
    await page.getByLabel('Survey brand colour').fill('#ffd700');
    await expect(page.getByTestId('survey-theme-problem').innerText()).resolves.toMatch(
      /button text #ffffff on brand #ffd700 has contrast 1\.\d\d:1, under WCAG AA 4\.5:1/,
    );
    await page.getByTestId('save-survey').click();
    await page.getByRole('alert').filter({ hasText: 'theme.brand' }).waitFor({ timeout: WAIT_MS });
  });
});
