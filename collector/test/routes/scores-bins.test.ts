import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

const WINDOW = 'from=2026-11-01&to=2026-11-01';

/** Response i of a day: a bill value with a hundred distinct values, one in twenty-five written "n/a". */
const respond = (i: number): ResponseInput =>
  aResponse({
    answers: { nps: i % 11 },
    createdAt: `2026-11-01T${String(8 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
    context: { channel: 'web', trigger: 'exit-intent:desktop', vars: { bill: i % 25 === 7 ? 'n/a' : 10 + i } },
  });

describe('admin API: numeric variables binned in the rollups, and the level cap', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const patch = (settings: object) =>
    c.app.inject({ method: 'PATCH', url: '/v1/admin/sites/shop', headers: admin(c.adminKey), payload: { settings } });
  const ingest = async (responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const json = async (url: string) => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/scores${url}`, headers: admin(c.adminKey) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('answers segments and drivers by a bill value from the rollups, saying the stored edges', async () => {
    await ingest(Array.from({ length: 100 }, (_, i) => respond(i)));
    const seg = await json(`/segments?variable=var.bill&${WINDOW}`);
    expect(seg).toMatchObject({ source: 'rollup', kind: 'numeric', binning: 'stored', unparseable: 4 });
    expect(seg.bins.length).toBeGreaterThanOrEqual(2);
    expect(seg.bins[0]).toMatchObject({ min: null });
    expect(seg.rows.map((r: { key: string }) => r.key)).toEqual([
      ...seg.bins.map((b: { label: string }) => b.label),
      '(missing)',
    ]);
    expect(seg.rows.reduce((n: number, r: { n: number }) => n + r.n, 0)).toBe(100);
    const drivers = await json(`/drivers?variables=var.bill,channel&${WINDOW}`);
    expect(drivers.source).toBe('rollup');
    expect(drivers.binned).toEqual([{ variable: 'var.bill', bins: seg.bins, unparseable: 4 }]);
    // Bins asked for are this window's quantiles: a scan of the raw values.
    const asked = await json(`/segments?variable=var.bill&bins=2&${WINDOW}`);
    expect(asked).toMatchObject({ source: 'scan', binning: 'quantiles', unparseable: 4 });
    expect(asked.bins).toHaveLength(2);
  });

  it('keeps a variable under a raised cap rolled up by value, and rejects a cap out of bounds naming the field', async () => {
    for (const rollupLevelCap of [1, 1001, 2.5, '60']) {
      const res = await patch({ rollupLevelCap });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('settings.rollupLevelCap');
    }
    const before = (await c.app.inject({ url: '/v1/admin/sites/shop', headers: admin(c.adminKey) })).json();
    expect((await patch({ rollupLevelCap: 200 })).statusCode).toBe(200);
    const after = (await c.app.inject({ url: '/v1/admin/sites/shop', headers: admin(c.adminKey) })).json();
    // A PATCH of the cap changes only the cap.
    expect(after.settings).toEqual({ ...before.settings, rollupLevelCap: 200 });
    await ingest(Array.from({ length: 100 }, (_, i) => respond(i)));
    const seg = await json(`/segments?variable=var.bill&${WINDOW}`);
    // 97 values under a cap of 200: rolled up by value, binned at this window's quantiles when read.
    expect(seg).toMatchObject({ source: 'rollup', binning: 'quantiles', unparseable: 4 });
  });
});
