import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import ar from '../../src/locales/ar.js';
import en from '../../src/locales/en.js';
import { axeViolations } from './axe.js';
import { CARD, type Harness, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  const only = (path: string) => ({ urls: { include: [{ match: 'contains' as const, value: path }], exclude: [] } });
  await h.addSurvey(npsSurvey('required-en', { type: 'page-view' }, only('/en')));
  await h.addSurvey(
    npsSurvey(
      'required-ar',
      { type: 'page-view' },
      {
        ...only('/ar'),
        questions: [
          { id: 'nps', type: 'nps', text: { en: 'How likely…?', ar: 'ما مدى احتمال أن توصي بنا؟' }, required: true },
        ],
      },
    ),
  );
  h.pages.set('/en', h.page());
  h.pages.set('/ar', h.page('', 'data-locale="ar"'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/**
 * The send button's accessible description as the page builds it (the text of the elements its
 * `aria-describedby` names, in its shadow root), whether it is disabled, and whether each described
 * element is rendered (not hidden, has a box).
 */
const sendButton = (page: Page) =>
  page.locator(`${CARD} button[type=submit]`).evaluate((b: HTMLButtonElement) => {
    const root = b.getRootNode() as ShadowRoot;
    const ids = (b.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const described = ids.map((id) => root.getElementById(id));
    return {
      disabled: b.disabled,
      description: described.map((el) => el?.textContent?.trim() ?? '').join(' '),
      shown: described.every((el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0),
      hints: root.querySelectorAll('.h').length,
    };
  });

describe('the disabled send button says why', () => {
  it('describes the disabled button by a visible hint until the required question is answered', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/en');
    await page.locator(CARD).waitFor();

    expect(await sendButton(page)).toEqual({ disabled: true, description: en.need, shown: true, hints: 1 });
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);

    await page.locator(`${CARD} input[value="9"]`).click();
    expect(await sendButton(page)).toEqual({ disabled: false, description: '', shown: true, hints: 0 });
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);
    await page.close();
  });

  it('gives the reason in the survey’s language, right to left in Arabic', async () => {
    const page = await browser.newPage();
    await page.goto(h.origin + '/ar');
    await page.locator(CARD).waitFor();
    expect(await page.locator(CARD).getAttribute('dir')).toBe('rtl');
    expect(ar.need).not.toBe(en.need);
    expect(await sendButton(page)).toEqual({ disabled: true, description: ar.need, shown: true, hints: 1 });
    expect(await axeViolations(page, 'touchpoint-survey-root')).toEqual([]);
    await page.close();
  });
});
