import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monthsBefore, runRetention } from '../../src/plugins/retention.js';
import { adminCall, contactSurvey } from '../closed-loop/fixtures.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog, testSite } from '../helpers/fixtures.js';

/** The "now" the job is run at: fixed, so the test does not depend on the day it runs. */
const NOW = new Date('2026-12-01T03:00:00.000Z');
/** Created long before the 24-month cut-off of NOW (2024-12-01). */
const OLD = '2024-06-01T10:00:00.000Z';
/** Created within the period. */
const RECENT = '2026-11-20T10:00:00.000Z';
const ADDRESS = 'Old.Timer@Example.com';
const WINDOW = 'from=2024-01-01&to=2026-11-30';

/** The database files' bytes as lower-cased text. */
const fileText = (dbPath: string) =>
  ['', '-wal', '-shm']
    .map((s) => {
      try {
        return readFileSync(dbPath + s).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n')
    .toLowerCase();

describe('retention', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
    expect((await adminCall(c, 'POST', '/v1/admin/sites/shop/surveys', contactSurvey)).status).toBe(201);
  });
  afterEach(() => c.close());

  const setRetention = async (settings: object) => {
    const res = await adminCall(c, 'PATCH', '/v1/admin/sites/shop', {
      ...testSite,
      settings: { cooldownHours: 24, followUpSlaHours: 48, ...settings },
    });
    expect(res.status).toBe(200);
  };
  const ingestOldAndRecent = async () => {
    const old = aResponse({
      survey: 'store-nps',
      createdAt: OLD,
      answers: { nps: 3, why: 'Ask for Timer at desk 4', email: ADDRESS },
      respondent: { id: 'cust-old', email: ADDRESS },
      context: { channel: 'kiosk', vars: { name: 'Old Timer', segment: 'gold' } },
    });
    const recent = aResponse({ createdAt: RECENT, respondent: { id: 'cust-new' } });
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: [old, recent] } });
    expect(res.statusCode).toBe(200);
    return { old, recent };
  };
  const npsOverall = async () =>
    (
      await adminCall<{ overall: { n: number; score: number } }>(
        c,
        'GET',
        `/v1/admin/sites/shop/scores?metric=nps&${WINDOW}`,
      )
    ).body.overall;

  it('anonymises responses older than the period: contact, respondent, free text and variables go, scores stay', async () => {
    await setRetention({ retentionMonths: 24 });
    const { old, recent } = await ingestOldAndRecent();
    const [theCase] = (await adminCall<{ id: string }[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
    await adminCall(c, 'PATCH', `/v1/admin/sites/shop/cases/${theCase!.id}`, { note: `Mailed ${ADDRESS}` });
    const scores = await npsOverall();
    expect(fileText(c.dbPath)).toContain(ADDRESS.toLowerCase());

    expect(await runRetention(c.app.store, NOW)).toEqual([
      { site: 'shop', action: 'anonymise', before: '2024-12-01T03:00:00.000Z', responses: 1 },
    ]);
    const kept = (await adminCall<Record<string, unknown>>(c, 'GET', `/v1/admin/sites/shop/responses/${old.id}`)).body;
    expect(kept).toMatchObject({ answers: { nps: 3 }, vars: {}, respondentId: null, respondentEmail: null, url: null });
    const after = (await adminCall<Record<string, unknown>>(c, 'GET', `/v1/admin/sites/shop/cases/${theCase!.id}`))
      .body;
    expect(after).toMatchObject({ contact: null, verbatim: null, notes: [] });
    expect(await npsOverall()).toEqual(scores);
    const untouched = (await adminCall(c, 'GET', `/v1/admin/sites/shop/responses/${recent.id}`)).body;
    expect(untouched).toMatchObject({ respondentId: 'cust-new' });
    expect(fileText(c.dbPath)).not.toContain(ADDRESS.toLowerCase());
    expect(fileText(c.dbPath)).not.toContain('desk 4');
    // Done once: a second run finds nothing left to anonymise.
    expect((await runRetention(c.app.store, NOW))[0]).toMatchObject({ responses: 0 });
  });

  it('deletes old responses with retentionAction delete, and the scores keep counting them', async () => {
    await setRetention({ retentionMonths: 24, retentionAction: 'delete' });
    const { old, recent } = await ingestOldAndRecent();
    const scores = await npsOverall();
    expect(scores.n).toBe(2);

    expect((await runRetention(c.app.store, NOW))[0]).toMatchObject({ action: 'delete', responses: 1 });
    expect((await adminCall(c, 'GET', `/v1/admin/sites/shop/responses/${old.id}`)).status).toBe(404);
    expect((await adminCall(c, 'GET', `/v1/admin/sites/shop/responses/${recent.id}`)).status).toBe(200);
    expect(await npsOverall()).toEqual(scores);
    expect(fileText(c.dbPath)).not.toContain(ADDRESS.toLowerCase());
  });

  it('keeps everything of a site without a retention period, or with it cleared (null)', async () => {
    const { old } = await ingestOldAndRecent();
    expect(await runRetention(c.app.store, NOW)).toEqual([]);
    await setRetention({ retentionMonths: null, retentionAction: 'delete' });
    expect(await runRetention(c.app.store, NOW)).toEqual([]);
    expect((await adminCall(c, 'GET', `/v1/admin/sites/shop/responses/${old.id}`)).body).toMatchObject({
      respondentEmail: ADDRESS,
    });
  });

  it('refuses a retention period under a month with the field named', async () => {
    const res = await adminCall<{ code: string; details: { path: string }[] }>(c, 'PATCH', '/v1/admin/sites/shop', {
      settings: { cooldownHours: 24, followUpSlaHours: 48, retentionMonths: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0]!.path).toBe('body.settings.retentionMonths');
  });
});

describe('retention plugin', () => {
  afterEach(() => void vi.useRealTimers());

  it('runs the job again a day after the collector started', async () => {
    // Only the interval is faked: the server's own timeouts and the store keep real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const c = await startCollector();
    try {
      await seedCatalog(c);
      await adminCall(c, 'PATCH', '/v1/admin/sites/shop', {
        ...testSite,
        settings: { cooldownHours: 24, followUpSlaHours: 48, retentionMonths: 1 },
      });
      const old = aResponse({ createdAt: OLD, respondent: { id: 'cust-old' } });
      await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: [old] } });
      const respondentId = async () =>
        (await adminCall<{ respondentId: string | null }>(c, 'GET', `/v1/admin/sites/shop/responses/${old.id}`)).body
          .respondentId;
      expect(await respondentId()).toBe('cust-old');
      vi.advanceTimersByTime(24 * 60 * 60 * 1000);
      await vi.waitFor(async () => expect(await respondentId()).toBeNull(), { timeout: 10_000 });
    } finally {
      await c.close();
    }
  });
});

describe('monthsBefore', () => {
  it('counts calendar months back in UTC', () => {
    expect(monthsBefore(new Date('2026-03-15T12:00:00Z'), 24).toISOString()).toBe('2024-03-15T12:00:00.000Z');
    expect(monthsBefore(new Date('2026-01-31T00:00:00Z'), 1).toISOString()).toBe('2025-12-31T00:00:00.000Z');
  });
});
