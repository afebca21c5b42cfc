import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCall, contactSurvey } from '../closed-loop/fixtures.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** A port nothing listens on: webhook calls to it fail and stay queued in the outbox. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9/hook';

/** The whole database as text, lower-cased: the .db, -wal and -shm files as they are on disk. */
function fileText(dbPath: string): string {
  return ['', '-wal', '-shm']
    .map((suffix) => {
      try {
        return readFileSync(dbPath + suffix).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n')
    .toLowerCase();
}

describe.each(['inline', 'thread'] as const)('admin API: erasing a respondent (%s writer)', (writer) => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector({ env: { TOUCHPOINT_WRITER: writer, TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    await seedCatalog(c);
    expect((await adminCall(c, 'POST', '/v1/admin/sites/shop/surveys', contactSurvey)).status).toBe(201);
  });
  afterEach(() => c.close());

  const ingest = async (responses: ReturnType<typeof aResponse>[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode).toBe(200);
  };
  const erase = (idOrEmail: string) =>
    adminCall<{ responses: number; cases: number; deliveries: number; notes: string[] }>(
      c,
      'DELETE',
      `/v1/admin/sites/shop/respondents/${encodeURIComponent(idOrEmail)}`,
    );
  const respondentIds = async () =>
    (
      await adminCall<{ items: { respondentId: string | null }[] }>(c, 'GET', '/v1/admin/sites/shop/responses')
    ).body.items.map((r) => r.respondentId);

  it('matches the e-mail whatever its letter case', async () => {
    await ingest([
      aResponse({ respondent: { id: 'cust-1', email: 'Ann@Example.com' } }),
      aResponse({ respondent: { email: 'ann@EXAMPLE.COM' } }),
      aResponse({ respondent: { id: 'cust-2', email: 'anna@example.com' } }),
    ]);
    const { status, body } = await erase('ANN@example.com');
    expect(status).toBe(200);
    expect(body).toMatchObject({ responses: 2 });
    expect(await respondentIds()).toEqual(['cust-2']);
  });

  it('erases responses that carry the address only as a contact answer, with their cases, notes and outbox rows', async () => {
    await adminCall(c, 'POST', '/v1/admin/sites/shop/webhooks', { url: CLOSED_PORT_URL, events: ['response.created'] });
    const contactAnswer = (nps: number) =>
      aResponse({
        survey: 'store-nps',
        answers: { nps, why: 'The queue was long', email: 'Bob.Contact@Example.com' },
        context: { channel: 'kiosk', vars: {} },
      });
    // A detractor opens a case; a promoter who left an address gets a thank-you e-mail.
    await ingest([contactAnswer(2), contactAnswer(10), aResponse({ respondent: { id: 'cust-3' } })]);
    const cases = await adminCall<{ id: string }[]>(c, 'GET', '/v1/admin/sites/shop/cases');
    expect(cases.body).toHaveLength(1);
    const noted = await adminCall(c, 'PATCH', `/v1/admin/sites/shop/cases/${cases.body[0]!.id}`, {
      note: 'Called Bob.Contact@Example.com, no answer',
    });
    expect(noted.status).toBe(200);
    const before = await adminCall<unknown[]>(c, 'GET', '/v1/admin/sites/shop/deliveries?limit=100');
    // One webhook per response, the thank-you e-mail, and the case events the rules emitted (none subscribed).
    expect(before.body).toHaveLength(4);

    const { body } = await erase('bob.contact@example.com');
    expect(body).toEqual({ responses: 2, cases: 1, deliveries: 3, notes: [] });
    expect((await adminCall<unknown[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body).toEqual([]);
    const left = await adminCall<{ target: string }[]>(c, 'GET', '/v1/admin/sites/shop/deliveries?limit=100');
    expect(left.body).toHaveLength(1);
    expect(await respondentIds()).toEqual(['cust-3']);
  });

  it('leaves no byte of the address in the database, its write-ahead log or shared memory file', async () => {
    await adminCall(c, 'POST', '/v1/admin/sites/shop/webhooks', { url: CLOSED_PORT_URL, events: ['response.created'] });
    const address = 'Zoe.Erased@Example.com';
    await ingest([
      aResponse({ respondent: { email: address }, answers: { nps: 3, why: 'Slow' } }),
      aResponse({
        survey: 'store-nps',
        answers: { nps: 9, email: address.toUpperCase() },
        context: { channel: 'kiosk', vars: {} },
      }),
      aResponse({ respondent: { email: 'someone.else@example.com' } }),
    ]);
    // The test could not fail if the address had never reached the files.
    expect(fileText(c.dbPath)).toContain(address.toLowerCase());

    const { body } = await erase(address.toLowerCase());
    expect(body).toMatchObject({ responses: 2, notes: [] });
    expect(body.cases + body.deliveries).toBeGreaterThan(0);
    const text = fileText(c.dbPath);
    expect(text).not.toContain(address.toLowerCase());
    expect(text).not.toContain('zoe.erased');
    expect(text).toContain('someone.else@example.com');
  });
});

describe('admin API: erasure in the OpenAPI document', () => {
  it('documents the reply by kind', async () => {
    const c = await startCollector();
    try {
      const doc = (await c.app.inject({ url: '/docs/json' })).json();
      const op = doc.paths['/v1/admin/sites/{site}/respondents/{idOrEmail}'].delete;
      const reply = op.responses['200'].content['application/json'].schema;
      expect(Object.keys(reply.properties)).toEqual(['responses', 'cases', 'deliveries', 'notes']);
      expect(op.description).toMatch(/any letter case/);
    } finally {
      await c.close();
    }
  });
});
