import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { describeEachStore } from '../helpers/each-store.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** Rows of a query (without parameters) on the collector's own database, SQLite or PostgreSQL. */
async function rowsOf<T>(c: TestCollector, sql: string): Promise<T[]> {
  const store = c.app.store;
  if (store instanceof SqliteStore) return store.db.prepare(sql).all() as T[];
  const client = new pg.Client({ connectionString: c.app.config.TOUCHPOINT_DB });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describeEachStore('improvement notices', (storeEnv) => {
  let c: TestCollector;
  const caseOf = new Map<string, string>();
  const detractor = (email: string, consent: boolean) =>
    aResponse({
      touchpoint: 'store-12',
      answers: { nps: 1, why: `VERBATIM of ${email}` },
      respondent: { email },
      context: { channel: 'web', vars: consent ? { contactConsent: true } : {} },
    });
  const notices = () =>
    rowsOf<{ target: string; payload: string }>(
      c,
      `SELECT target, payload FROM outbox WHERE event = 'improvement' ORDER BY created_at`,
    );
  const improve = (payload: object) =>
    c.app.inject({ method: 'POST', url: '/v1/admin/sites/shop/improvements', headers: admin(), payload });

  beforeAll(async () => {
    c = await startCollector({ env: await storeEnv() });
    await seedCatalog(c);
    const consenting = detractor('ana@example.org', true);
    const silent = detractor('bo@example.org', false);
    for (const r of [consenting, silent])
      expect((await c.app.inject({ method: 'POST', url: '/v1/responses', payload: r })).statusCode).toBe(200);
    const cases = await c.app.inject({ url: '/v1/admin/sites/shop/cases', headers: admin() });
    for (const k of cases.json<{ id: string; response: string }[]>()) caseOf.set(k.response, k.id);
    caseOf.set('ana', caseOf.get(consenting.id) ?? '');
    caseOf.set('bo', caseOf.get(silent.id) ?? '');
  });
  afterAll(() => c.close());

  it('e-mails a linked respondent who consented once, however often the improvement is saved, and never one who did not', async () => {
    const created = await improve({
      title: 'Two more tills on weekends',
      day: '2026-11-20',
      touchpoint: 'store-12',
      caseIds: [caseOf.get('ana'), caseOf.get('bo')],
    });
    expect(created.json()).toMatchObject({ notified: 1 });
    const { id } = created.json<{ id: string }>();
    const patched = await c.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/shop/improvements/${id}`,
      headers: admin(),
      payload: { title: 'Two more tills on Saturdays and Sundays', caseIds: [caseOf.get('ana'), caseOf.get('bo')] },
    });
    expect(patched.json()).toMatchObject({ notified: 0 });
    const sent = await notices();
    expect(sent.map((n) => n.target)).toEqual(['ana@example.org']);
    const mail = JSON.parse(sent[0]?.payload ?? '{}') as { subject: string; text: string };
    expect(mail.subject).toBe('You said, we did: Two more tills on weekends');
    expect(mail.text).toContain('/y/shop/store-12');
    expect(mail.text).toMatch(/\/y\/shop\/unsubscribe\?a=[\w-]+&t=[\w-]+/);
    expect(mail.text).not.toContain('VERBATIM');
  });

  it('keeps to the one-e-mail-per-address interval of every other e-mail', async () => {
    const again = await improve({ title: 'Shorter queues', day: '2026-11-21', caseIds: [caseOf.get('ana')] });
    expect(again.json()).toMatchObject({ notified: 0 });
    expect(await notices()).toHaveLength(1);
  });

  it("records an opt-out from the e-mail's unsubscribe link, and refuses a link whose signature was changed", async () => {
    const text = (JSON.parse((await notices())[0]?.payload ?? '{}') as { text: string }).text;
    const link = new URL(/(http\S+\/unsubscribe\S+)/.exec(text)?.[1] ?? 'http://x/');
    // The token's first character changed (to B when it is an A: replaced by A, 1 link in 64 stayed valid).
    const changed = link.search.replace(/t=(.)/, (_, first: string) => (first === 'A' ? 't=B' : 't=A'));
    expect(changed).not.toBe(link.search);
    const bad = await c.app.inject({ url: `${link.pathname}${changed}` });
    expect(bad.statusCode).toBe(400);
    const ok = await c.app.inject({ url: `${link.pathname}${link.search}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Unsubscribed');
    const row = await rowsOf(c, 'SELECT address FROM email_opt_outs');
    expect(row).toEqual([{ address: 'ana@example.org' }]);
  });
});

describe('improvement notices by theme', () => {
  let c: TestCollector;
  const comment = (nps: number, text: string, email: string, consent: boolean) =>
    aResponse({
      survey: 'comment',
      touchpoint: 'store-12',
      answers: { nps, comment: text },
      respondent: { email },
      context: { channel: 'web', vars: consent ? { contactConsent: true } : {} },
    });
  const targets = () =>
    (
      (c.app.store as SqliteStore).db
        .prepare(`SELECT target FROM outbox WHERE event = 'improvement' ORDER BY created_at`)
        .all() as { target: string }[]
    ).map((r) => r.target);
  const improve = (payload: object) =>
    c.app.inject({ method: 'POST', url: '/v1/admin/sites/shop/improvements', headers: admin(), payload });
  let complainerCase = '';

  beforeAll(async () => {
    c = await startWithCommentSurvey();
    // No thank-you e-mail to the praiser: its 30-day interval would hide whether the theme's sentiment counts.
    const rule = await c.app.inject({
      method: 'DELETE',
      url: '/v1/admin/sites/shop/rules/thank-you',
      headers: admin(),
    });
    expect(rule.statusCode).toBe(204);
    const complainer = comment(2, 'The queue was far too long.', 'cara@example.org', true);
    for (const r of [
      complainer,
      comment(10, 'The queue was quick and the tills were great.', 'dan@example.org', true),
      comment(3, 'The queue was far too long again.', 'eve@example.org', false),
      comment(2, 'Dirty floors everywhere.', 'fay@example.org', true),
      { ...comment(4, 'The checkout queue took ages.', 'gil@example.org', true), touchpoint: 'checkout' },
    ])
      expect((await c.app.inject({ method: 'POST', url: '/v1/responses', payload: r })).statusCode).toBe(200);
    await c.app.insights!.drain();
    const cases = await c.app.inject({ url: '/v1/admin/sites/shop/cases', headers: admin() });
    complainerCase =
      cases.json<{ id: string; response: string }[]>().find((k) => k.response === complainer.id)?.id ?? '';
    expect(complainerCase).not.toBe('');
  });
  afterAll(() => c.close());

  it('tells the consenting complainer about the theme once (also linked by case), not the praiser nor one without consent', async () => {
    const created = await improve({
      title: 'Two more tills',
      day: '2026-11-20',
      touchpoint: 'store-12',
      theme: 'queue-checkout',
      caseIds: [complainerCase],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ theme: 'queue-checkout', notified: 1 });
    expect(targets()).toEqual(['cara@example.org']);
    const { id } = created.json<{ id: string }>();
    // PATCH changes only what it names: the theme stays, and nobody is told twice.
    const patched = await c.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/shop/improvements/${id}`,
      headers: admin(),
      payload: { title: 'Three more tills' },
    });
    expect(patched.json()).toMatchObject({ title: 'Three more tills', theme: 'queue-checkout', notified: 0 });
    const cleared = await c.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/shop/improvements/${id}`,
      headers: admin(),
      payload: { theme: null },
    });
    expect(cleared.json()).toMatchObject({ theme: null, caseIds: [complainerCase] });
    expect(targets()).toEqual(['cara@example.org']);
  });

  it('reaches complainers at every touchpoint when the improvement is site-wide', async () => {
    const created = await improve({ title: 'Faster tills everywhere', day: '2026-11-22', theme: 'queue-checkout' });
    expect(created.json()).toMatchObject({ touchpoint: null, notified: 1 });
    // cara was told (and e-mailed) already; gil complained at the checkout page, outside store-12
    expect(targets()).toEqual(['cara@example.org', 'gil@example.org']);
    const listed = await c.app.inject({ url: '/v1/admin/sites/shop/improvements', headers: admin() });
    expect(listed.json<{ title: string; notices: number }[]>().map((i) => [i.title, i.notices])).toEqual([
      ['Faster tills everywhere', 1],
      ['Three more tills', 1],
    ]);
  });

  it('refuses a theme the site has no such id in its taxonomy, naming `theme`', async () => {
    const bad = await improve({ title: 'X', day: '2026-11-20', theme: 'no-such-theme' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/^theme: .*no-such-theme/);
    const patch = await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop/improvements/whatever',
      headers: admin(),
      payload: { theme: 'no-such-theme' },
    });
    expect(patch.statusCode).toBe(400);
  });
});
