import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

const WINDOW = 'from=2026-11-01&to=2026-11-01';
/** Variables each response carries, more than a site crosses when it names none (12 with device and trigger). */
const VARIABLES = Array.from({ length: 13 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);

/** Response i of the day: every variable a or b, the score following v13. */
const respond = (i: number): ResponseInput =>
  aResponse({
    answers: { nps: (i * 7) % 11 },
    createdAt: `2026-11-01T${String(10 + (i % 10))}:00:00.000Z`,
    context: {
      channel: 'web',
      trigger: 'exit-intent:desktop',
      vars: Object.fromEntries(VARIABLES.map((v, k) => [v, (i >> k) % 2 === 0 ? 'a' : 'b'])),
    },
  });

describe('admin API: settings.pairVariables, the variables the pairwise rollups cross', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const patch = (settings: object) =>
    c.app.inject({ method: 'PATCH', url: '/v1/admin/sites/shop', headers: admin(c.adminKey), payload: { settings } });
  const siteSettings = async () =>
    (await c.app.inject({ url: '/v1/admin/sites/shop', headers: admin(c.adminKey) })).json().settings;
  const drivers = async (variables: string) => {
    const res = await c.app.inject({
      url: `/v1/admin/sites/shop/scores/drivers/multivariable?variables=${variables}&${WINDOW}`,
      headers: admin(c.adminKey),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('rejects a bad list naming settings.pairVariables, and a PATCH of it changes only it', async () => {
    const bad = [
      'var.v01',
      ['channel'],
      ['var.'],
      ['var.v01', 'var.v01'],
      Array.from({ length: 13 }, (_, i) => `var.x${i}`),
      [1],
    ];
    for (const pairVariables of bad) {
      const res = await patch({ pairVariables });
      expect(res.statusCode, JSON.stringify(pairVariables)).toBe(400);
      expect(res.body).toContain('settings.pairVariables');
    }
    const before = await siteSettings();
    expect((await patch({ pairVariables: ['device', 'trigger', 'var.v13'] })).statusCode).toBe(200);
    expect(await siteSettings()).toEqual({ ...before, pairVariables: ['device', 'trigger', 'var.v13'] });
    expect((await patch({ pairVariables: null })).statusCode).toBe(200);
    expect(await siteSettings()).toEqual({ ...before, pairVariables: null });
  });

  it('answers a model of a variable beyond the first 12 seen from rollups once the site names it', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { responses: Array.from({ length: 64 }, (_, i) => respond(i)) },
    });
    expect(res.statusCode, res.body).toBe(200);
    // device, trigger and v01–v10 take the 12 slots: v13 is not crossed.
    const before = await drivers('var.v13,var.v01');
    expect(before.source).toBe('scan');
    expect((await patch({ pairVariables: ['var.v01', 'var.v13'] })).statusCode).toBe(200);
    const after = await drivers('var.v13,var.v01');
    expect(after.source).toBe('rollup');
    expect(after.n).toBe(before.n);
    expect(after.r2).toBeCloseTo(before.r2, 9);
  });
});
