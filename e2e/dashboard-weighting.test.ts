import { describe, expect, it } from 'vitest';
import { dashboardSuite } from './support/dashboard.js';

/** Synthetic responses behind the dashboard (with their impressions). */
const SEEDED = 1200;
/** Bound on each wait for the page. */
const WAIT_MS = 15_000;

const suite = dashboardSuite({ responses: SEEDED, waitMs: WAIT_MS });

describe('dashboard: weighted overview', () => {
  it('weights the headline scores by channel or impressions on request and shows the effective n', async () => {
    const { page, errors } = await suite.signIn();
    const note = page.getByTestId('tile-nps-weighting');
    expect(await note.count()).toBe(0);

    await page.getByTestId('weighting').selectOption('channel');
    await note.waitFor({ timeout: WAIT_MS });
    expect(await note.textContent()).toMatch(
      /Weighted by channel \(equal shares\) · effective n = [\d,]+ \(design effect \d+\.\d\d\)/,
    );
    await page
      .getByTestId('tile-nps')
      .getByText(/^Unweighted /)
      .waitFor({ timeout: WAIT_MS });

    await page.getByTestId('weighting').selectOption('impressions');
    await page
      .getByTestId('tile-nps')
      .getByText(/^Weighted by impressions · effective n/)
      .waitFor({ timeout: WAIT_MS });
    expect(errors).toEqual([]);
  });
});
