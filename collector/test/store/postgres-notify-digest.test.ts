import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rule, site, survey, touchpoint } from '@touchpoint/shared';
import { aRecord } from '../helpers/records.js';
import type { AlertFacts, NotifyPayload } from '../../src/closed-loop/notify.js';
import { inTransaction } from '../../src/store/postgres/db.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { countIntoDigests, type NotifyStep } from '../../src/store/postgres/notify-outbox.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';

/** The notify step of a detractor saved at `at`, for the hourly Slack digest of rule `chat`. */
const step = (at: string, score: number): NotifyStep => {
  const alert: AlertFacts = {
    rule: 'chat',
    ruleName: 'Detractors',
    touchpoint: 'checkout',
    touchpointName: 'Checkout',
    scale: 'nps',
    score,
    band: 'detractor',
    comment: `score ${score}`,
    responseId: `r${score}`,
    at,
    caseId: null,
  };
  return {
    site: 'shop',
    responseId: `r${score}`,
    service: 'slack',
    url: 'https://chat.example/hook',
    digest: 'hourly',
    alert,
  };
};

describePostgres('PostgreSQL notify digests', (db) => {
  let store: PostgresStore;
  let pools: pg.Pool[];

  beforeEach(async () => {
    const url = await createDatabase(db().base);
    store = await openPostgresStore(url);
    pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
    await store.createSite(site.parse({ key: 'shop', name: 'Shop' }));
  });
  afterEach(async () => {
    await Promise.all([store.close(), ...pools.map((p) => p.end())]);
  });

  const count = (pool: pg.Pool, s: NotifyStep) =>
    inTransaction(pool, (client) => countIntoDigests(client, [s], s.alert.at));
  const claim = (now: string) => store.closedLoop.claimDeliveries({ kinds: ['notify'], limit: 10, leaseMs: 1000, now });

  it('keeps one digest row per rule and hour when two collectors count into it at once, and counts nothing into a digest already claimed', async () => {
    const [a, b] = pools as [pg.Pool, pg.Pool];
    await Promise.all([
      count(a, step('2026-12-02T10:05:00.000Z', 1)),
      count(b, step('2026-12-02T10:06:00.000Z', 2)),
      count(a, step('2026-12-02T10:07:00.000Z', 3)),
      count(b, step('2026-12-02T10:45:00.000Z', 5)),
    ]);
    expect(await claim('2026-12-02T10:59:59.000Z')).toEqual([]);
    const [due, ...rest] = await claim('2026-12-02T11:00:00.000Z');
    expect(rest).toEqual([]);
    expect(due).toMatchObject({ id: 'digest:shop:chat:2026-12-02T10:00:00.000Z', kind: 'notify', event: 'digest' });
    const { digest } = JSON.parse(due!.payload) as NotifyPayload;
    expect(digest).toMatchObject({ count: 4, scored: 4, sum: 11, bands: { detractor: 4 } });
    expect(digest!.comments).toHaveLength(4);

    // A late save for the hour (a clock behind the worker's) while or after it is sent changes nothing.
    await count(a, step('2026-12-02T10:59:00.000Z', 6));
    await store.closedLoop.markDelivered(due!.id, '2026-12-02T11:00:01.000Z');
    await count(b, step('2026-12-02T10:59:30.000Z', 7));
    const { rows } = await a.query<{ payload: string; status: string }>(
      'SELECT payload, status FROM outbox WHERE id = $1',
      [due!.id],
    );
    expect(rows[0]?.status).toBe('delivered');
    expect((JSON.parse(rows[0]!.payload) as NotifyPayload).digest!.count).toBe(4);
    expect(await claim('2026-12-02T12:00:00.000Z')).toEqual([]);
  });
  it('queues a chat alert for a matching response through the write path, linked to the case the same save opened', async () => {
    await store.createTouchpoint('shop', touchpoint.parse({ id: 'tp', name: 'Checkout', kind: 'store' }));
    await store.createSurvey(
      'shop',
      survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }] }),
    );
    const url = 'https://chat.example/hook';
    await store.closedLoop.createRule(
      'shop',
      rule.parse({
        id: 'chat',
        name: 'Detractor alert',
        match: { bands: ['detractor'] },
        actions: [{ type: 'case' }, { type: 'notify', kind: 'slack', url, digest: 'none' }],
      }),
    );
    const detractor = aRecord({ site: 'shop', answers: { nps: 2 } });
    await store.saveResponses([detractor, aRecord({ site: 'shop', answers: { nps: 10 } })]);
    const [a] = pools as [pg.Pool, pg.Pool];
    const cases = await a.query<{ id: string }>('SELECT id FROM cases WHERE response_id = $1', [detractor.id]);
    const { rows } = await a.query<{ payload: string; event: string; target: string; response_id: string }>(
      "SELECT payload, event, target, response_id FROM outbox WHERE kind = 'notify'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'alert', target: 'chat', response_id: detractor.id });
    const payload = JSON.parse(rows[0]!.payload) as NotifyPayload;
    expect(payload).toMatchObject({
      kind: 'slack',
      url,
      alert: { score: 2, band: 'detractor', touchpointName: 'Checkout' },
    });
    expect(payload.alert!.caseId).toBe(cases.rows[0]?.id);
    expect(payload.alert!.caseId).toEqual(expect.any(String));
  });
});
