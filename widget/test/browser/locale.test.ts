import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(
    npsSurvey(
      'ar',
      { type: 'page-view' },
      {
        questions: [
          {
            id: 'nps',
            type: 'nps',
            text: { en: 'How likely are you to recommend us?', ar: 'ما مدى احتمال أن توصي بنا؟' },
            required: true,
          },
        ],
      },
    ),
  );
  h.pages.set('/ar', h.page('', 'data-locale="ar"'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the survey’s language', () => {
  it('renders an Arabic survey right to left, in Arabic, loading only the Arabic chunk', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const chunks: string[] = [];
    page.on('request', (r) => /\/widget\/ui-/.test(r.url()) && chunks.push(r.url()));
    await page.goto(h.origin + '/ar');
    const card = page.locator(CARD);
    await card.waitFor();
    expect(await card.getAttribute('lang')).toBe('ar');
    expect(await card.getAttribute('dir')).toBe('rtl');
    expect(await page.locator(`${CARD} legend`).textContent()).toBe('ما مدى احتمال أن توصي بنا؟');
    expect(await page.locator(`${CARD} button[type=submit]`).textContent()).toBe('إرسال');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/\/ui-ar-/);
    // mirrored: the close button at the card's left, 0 at the right end of the scale, Send at the left
    const box = (await card.boundingBox())!;
    const x = (sel: string) =>
      page
        .locator(`${CARD} ${sel}`)
        .boundingBox()
        .then((b) => b!.x + b!.width / 2);
    const middle = box.x + box.width / 2;
    expect(await x('button.x')).toBeLessThan(middle);
    expect(await x('button[type=submit]')).toBeLessThan(middle);
    expect(await x('input[value="0"]')).toBeGreaterThan(await x('input[value="10"]'));
    await page.close();
  });
});
