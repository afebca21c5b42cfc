import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** 23:30 on Sunday 9 March 2025 in New York (EDT since 02:00 that day, UTC−4): Monday 10 March in UTC. */
const SUNDAY_NIGHT = '2025-03-10T03:30:00.000Z';
/** 22:00 on Monday 31 March 2025 in New York: 1 April in UTC. */
const MONTH_END = '2025-04-01T02:00:00.000Z';
/** 23:00 on Sunday 30 March 2025 in New York: 31 March in UTC. */
const DAY_BEFORE = '2025-03-31T03:00:00.000Z';
/** A response with a variable every one has, so a `var.k=v` filter takes the scan path over all of them. */
const at = (nps: number, createdAt: string) =>
  aResponse({
    answers: { nps },
    createdAt,
    context: { channel: 'web', trigger: 'exit-intent:desktop', vars: { k: 'v' } },
  });

describe('admin API: a site’s time zone', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const site = () => c.app.inject({ url: '/v1/admin/sites/shop', headers: admin(c.adminKey) });
  const patch = (settings: object) =>
    c.app.inject({ method: 'PATCH', url: '/v1/admin/sites/shop', headers: admin(c.adminKey), payload: { settings } });
  const ingest = async (responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(responses.map(() => 'created'));
  };
  const json = async (url: string) => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/scores${url}`, headers: admin(c.adminKey) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const points = (body: { points: { key: string; n: number }[] }) =>
    body.points.filter((p) => p.n > 0).map((p) => [p.key, p.n]);

  it('is UTC until set, and a PATCH of it changes nothing else', async () => {
    expect((await site()).json().settings.timeZone).toBe('UTC');
    expect((await patch({ cooldownHours: 3 })).statusCode).toBe(200);
    const res = await patch({ timeZone: 'America/New_York' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await site()).json().settings).toMatchObject({ timeZone: 'America/New_York', cooldownHours: 3 });
  });

  it('rejects a time zone the runtime does not know with a 400 naming settings.timeZone', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', '']) {
      const res = await patch({ timeZone });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('settings.timeZone');
    }
    const created = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites',
      headers: admin(c.adminKey),
      payload: { key: 'other', name: 'Other', settings: { timeZone: 'Europe/Atlantis' } },
    });
    expect(created.statusCode).toBe(400);
    expect(created.body).toContain('settings.timeZone');
    expect((await site()).json().settings.timeZone).toBe('UTC');
  });

  it('buckets trend days, ISO weeks and months, and windows, in the site’s local time', async () => {
    expect((await patch({ timeZone: 'America/New_York' })).statusCode).toBe(200);
    await ingest([at(10, SUNDAY_NIGHT), at(0, MONTH_END), at(9, DAY_BEFORE)]);
    const window = 'from=2025-03-01&to=2025-04-30';
    const days = [
      ['2025-03-09', 1],
      ['2025-03-30', 1],
      ['2025-03-31', 1],
    ];
    expect(points(await json(`/trend?interval=day&${window}`))).toEqual(days);
    // The scan path (a variable filter) buckets the same way.
    expect(points(await json(`/trend?interval=day&${window}&var.k=v`))).toEqual(days);
    const weeks = [
      ['2025-W10', 1],
      ['2025-W13', 1],
      ['2025-W14', 1],
    ];
    expect(points(await json(`/trend?interval=week&${window}`))).toEqual(weeks);
    expect(points(await json(`/trend?interval=week&${window}&var.k=v`))).toEqual(weeks);
    expect(points(await json(`/trend?interval=month&${window}`))).toEqual([['2025-03', 3]]);
    // A one-day window is that local day, on the rollups (by touchpoint) and on a scan (by device).
    for (const by of ['touchpoint', 'device']) {
      const day = await json(`?by=${by}&from=2025-03-09&to=2025-03-09`);
      expect(day.overall).toMatchObject({ n: 1, score: 100 });
      const next = await json(`?by=${by}&from=2025-03-10&to=2025-03-10`);
      expect(next.overall.n).toBe(0);
    }
    // The previous period of Monday 31 March is Sunday 30 March, local.
    const board = await json('/leaderboard?from=2025-03-31&to=2025-03-31&minN=1');
    expect(board).toMatchObject({ previousFrom: '2025-03-30', previousTo: '2025-03-30' });
    expect(board.rows.map((r: { n: number; previousN: number }) => [r.n, r.previousN])).toEqual([[1, 1]]);
  });
});
