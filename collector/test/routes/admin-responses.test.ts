import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

describe('admin API: responses', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const ingest = (responses: ReturnType<typeof aResponse>[]) =>
    c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
  const get = (url: string) => c.app.inject({ url, headers: admin() });

  it('pages through responses newest first without gaps or repeats', async () => {
    const batch = Array.from({ length: 25 }, (_, i) =>
      aResponse({ createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() }),
    );
    await ingest(batch);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await get(`/v1/admin/sites/shop/responses?limit=10${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(batch.map((r) => r.id).reverse());
  });

  it('answers 400 to a cursor that no page gave out', async () => {
    const res = await get('/v1/admin/sites/shop/responses?cursor=bm90LWEtY3Vyc29y');
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('querystring.cursor');
  });

  it('filters by touchpoint, channel, date and partial', async () => {
    await ingest([
      aResponse({ touchpoint: 'store-12', context: { channel: 'kiosk' }, createdAt: '2026-10-01T10:00:00Z' }),
      aResponse({ createdAt: '2026-10-05T10:00:00Z', partial: true }),
      aResponse({ createdAt: '2026-10-09T10:00:00Z' }),
    ]);
    const count = async (q: string) => (await get(`/v1/admin/sites/shop/responses?${q}`)).json().items.length;
    expect(await count('touchpoint=store-12')).toBe(1);
    expect(await count('channel=kiosk')).toBe(1);
    expect(await count('from=2026-10-02&to=2026-10-09')).toBe(1);
    expect(await count('partial=true')).toBe(1);
    expect((await get('/v1/admin/sites/shop/responses?channel=fax')).statusCode).toBe(400);
  });

  it('exports CSV that a spreadsheet cannot run as formulas', async () => {
    await ingest([
      aResponse({ answers: { nps: 2, why: '=HYPERLINK("http://evil.example","click")' } }),
      aResponse({ answers: { nps: 10, why: '+1 great, "really"' }, context: { vars: { segment: '@gold' } } }),
    ]);
    const res = await get('/v1/admin/sites/shop/responses/export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="touchpoint-shop-.*\.csv"/);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('q.nps,q.why,q.topic,vars');
    expect(lines).toHaveLength(3);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(res.body).toContain(`"'+1 great, ""really"""`);
    expect(res.body).not.toMatch(/(^|,)[=+@]/m);
  });

  it('exports NDJSON, one response per line', async () => {
    await ingest([aResponse(), aResponse()]);
    const res = await get('/v1/admin/sites/shop/responses/export?format=ndjson');
    const rows = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveProperty('answers.nps', 9);
  });

  it('deletes every response of a respondent, by id or by e-mail', async () => {
    await ingest([
      aResponse({ respondent: { id: 'cust-1', email: 'ann@example.com' } }),
      aResponse({ respondent: { email: 'ann@example.com' } }),
      aResponse({ respondent: { id: 'cust-2' } }),
    ]);
    const del = await c.app.inject({
      method: 'DELETE',
      url: '/v1/admin/sites/shop/respondents/ann@example.com',
      headers: admin(),
    });
    expect(del.json()).toMatchObject({ responses: 2 });
    const left = (await get('/v1/admin/sites/shop/responses')).json().items;
    expect(left.map((r: { respondentId: string }) => r.respondentId)).toEqual(['cust-2']);
  });

  it('deletes one response', async () => {
    const r = aResponse();
    await ingest([r]);
    expect(
      (await c.app.inject({ method: 'DELETE', url: `/v1/admin/sites/shop/responses/${r.id}`, headers: admin() }))
        .statusCode,
    ).toBe(204);
    expect((await get(`/v1/admin/sites/shop/responses/${r.id}`)).statusCode).toBe(404);
  });
});
