import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

describe('improvement notices', () => {
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
    (c.app.store as SqliteStore).db
      .prepare(`SELECT target, payload FROM outbox WHERE event = 'improvement' ORDER BY created_at`)
      .all() as { target: string; payload: string }[];
  const improve = (payload: object) =>
    c.app.inject({ method: 'POST', url: '/v1/admin/sites/shop/improvements', headers: admin(), payload });

  beforeAll(async () => {
    c = await startCollector();
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
    const sent = notices();
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
    expect(notices()).toHaveLength(1);
  });

  it("records an opt-out from the e-mail's unsubscribe link, and refuses a link whose signature was changed", async () => {
    const text = (JSON.parse(notices()[0]?.payload ?? '{}') as { text: string }).text;
    const link = new URL(/(http\S+\/unsubscribe\S+)/.exec(text)?.[1] ?? 'http://x/');
    const bad = await c.app.inject({ url: `${link.pathname}${link.search.replace(/t=./, 't=A')}` });
    expect(bad.statusCode).toBe(400);
    const ok = await c.app.inject({ url: `${link.pathname}${link.search}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Unsubscribed');
    const row = (c.app.store as SqliteStore).db.prepare('SELECT address FROM email_opt_outs').all();
    expect(row).toEqual([{ address: 'ana@example.org' }]);
  });
});
