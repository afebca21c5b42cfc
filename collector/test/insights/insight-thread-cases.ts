import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, type TestCollector } from '../helpers/collector.js';
import { aResponse } from '../helpers/fixtures.js';

// The tests of the insight thread itself (TOUCHPOINT_INSIGHTS_WORKER=thread, the default outside tests):
// under vitest the thread loads tsx, which takes a few seconds, so every other test analyses inline.
/** The insight thread's case on each store: `start` gives a collector with the comment survey and the thread. */
export function insightThreadCases(start: () => Promise<TestCollector>): void {
  let c: TestCollector;
  beforeEach(async () => {
    c = await start();
  });
  afterEach(() => c.close());

  const send = async (...responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const themes = async () => {
    const res = await c.app.inject({ url: '/v1/admin/sites/shop/insights/themes', headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { responses: number; withText: number; themes: { theme: string; count: number }[] };
  };
  const comment = (nps: number, text: string) => aResponse({ survey: 'comment', answers: { nps, comment: text } });

  it('analyses on the thread, records on the main side, and uses an edited taxonomy from the next batch', async () => {
    await send(comment(3, 'The queue at the checkout was far too long.'), comment(10, ''));
    expect(await c.app.insights!.drain()).toBe(2);
    const before = await themes();
    expect(before).toMatchObject({ responses: 2, withText: 1 });
    expect(before.themes.find((t) => t.theme === 'queue-checkout')?.count).toBe(1);
    // The thread analysed with the default taxonomy: only if the edit reaches it (a `forget` message on
    // SQLite, the settings' new version on PostgreSQL) does it use the edited one.
    const taxonomy = { themes: [{ id: 'safety', label: 'Safety', terms: { en: ['slipp*'] } }] };
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/sites/shop/insights/taxonomy',
      headers: admin(),
      payload: taxonomy,
    });
    expect(put.statusCode, put.body).toBe(200);
    await send(comment(6, 'The wet floor was slippery.'));
    expect(await c.app.insights!.drain()).toBe(1);
    const after = await themes();
    expect(after).toMatchObject({ responses: 3, withText: 2 });
    expect(after.themes.find((t) => t.theme === 'safety')?.count).toBe(1);
    expect(await c.app.insights!.drain()).toBe(0);
  });
}
