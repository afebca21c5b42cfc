import { describe, expect, it } from 'vitest';
import { dashboardSuite } from './support/dashboard.js';

/** Synthetic responses behind the dashboard: enough for every touchpoint to be scored. */
const SEEDED = 1200;
/** Bound on each wait for the page. */
const WAIT_MS = 15_000;

const suite = dashboardSuite({ responses: SEEDED, waitMs: WAIT_MS });

/** A signed-in tab on a view, its console errors collected. */
const openView = (route: string) => suite.signIn({ route });

describe('dashboard: models', () => {
  it('draws the importance–performance grid with labelled quadrants and the same touchpoints in its table', async () => {
    const { page, errors } = await openView('#/importance');
    await page.getByTestId('min-n').selectOption('10');
    const table = page.locator('[data-testid=importance-table] tbody tr');
    await table.first().waitFor({ timeout: WAIT_MS });
    const svg = page.locator('svg#importance-chart');
    await expect(svg.getAttribute('role')).resolves.toBe('img');
    const labels = await svg.locator('.quadrant-label').allTextContents();
    expect(labels).toEqual(['Fix first', 'Keep up the good work', 'Low priority', 'Possible overkill']);
    // The points drawn are exactly the table's rows placed in a quadrant.
    const points = await svg
      .locator('.grid-point')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-key')).sort());
    const placed = await table.evaluateAll((rows) =>
      rows
        .filter((r) => r.querySelector('[data-col=quadrant]')?.textContent !== 'Too few answers to place')
        .map((r) => r.getAttribute('data-key'))
        .sort(),
    );
    expect(points).toEqual(placed);
    expect(errors).toEqual([]);
  });

  it('shows the drivers taken together and the channel effects, and adjusts the leaderboard on request', async () => {
    const { page, errors } = await openView('#/segments');
    const model = page.locator('[data-testid=drivers-model] tbody tr');
    await model.first().waitFor({ timeout: WAIT_MS });
    expect(await model.count()).toBeGreaterThan(0);

    await page.evaluate(() => (location.hash = '#/leaderboard'));
    await page.locator('[data-testid=channel-effects] tbody tr').first().waitFor({ timeout: WAIT_MS });
    await page.getByTestId('adjust-channel').check();
    await page.getByText('adjusted to the site’s channel mix').waitFor({ timeout: WAIT_MS });
    expect(errors).toEqual([]);
  });

  it('lays the journey out stage by stage and moves a touchpoint to a stage from its card', async () => {
    const { page, errors } = await openView('#/journey');
    const stages = page.locator('[data-testid=journey-stages] > li');
    await stages.first().waitFor({ timeout: WAIT_MS });
    expect(await stages.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-stage')))).toEqual([
      'discover',
      'consider',
      'buy',
      'receive',
      'use',
      'get-help',
    ]);
    const card = page.locator('section[aria-labelledby=unstaged-h] .journey-card').first();
    const key = await card.getAttribute('data-key');
    await card.locator('select').selectOption('buy');
    await page.locator(`[data-stage=buy] .journey-card[data-key="${key}"]`).waitFor({ timeout: WAIT_MS });
    expect(errors).toEqual([]);
  });
});
