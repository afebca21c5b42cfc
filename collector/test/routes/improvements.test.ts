import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { describeEachStore } from '../helpers/each-store.js';
import { aResponse, SHOP_ORIGIN, seedCatalog } from '../helpers/fixtures.js';

describeEachStore('"you said, we did": improvements and their public page', (storeEnv) => {
  let c: TestCollector;
  let caseId = '';
  const post = (payload: object) =>
    c.app.inject({ method: 'POST', url: '/v1/admin/sites/shop/improvements', headers: admin(), payload });
  const page = (path: string) => c.app.inject({ url: path });

  beforeAll(async () => {
    c = await startCollector({ env: await storeEnv() });
    await seedCatalog(c);
    // A detractor who left a verbatim and an address: the default rules open a case for them.
    const r = aResponse({
      touchpoint: 'store-12',
      answers: { nps: 2, why: 'SECRET-VERBATIM queue too long' },
      respondent: { email: 'ana@example.org' },
    });
    expect((await c.app.inject({ method: 'POST', url: '/v1/responses', payload: r })).statusCode).toBe(200);
    const cases = await c.app.inject({ url: '/v1/admin/sites/shop/cases', headers: admin() });
    caseId = cases.json<{ id: string }[]>()[0]?.id ?? '';
    expect(caseId).not.toBe('');
  });
  afterAll(() => c.close());

  it('creates, reads, changes only the named fields, and deletes an improvement', async () => {
    const created = await post({ title: 'Brighter parking', body: 'New lights.', day: '2026-11-01' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect(created.json()).toMatchObject({ touchpoint: null, title: 'Brighter parking', caseIds: [] });
    const patched = await c.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/shop/improvements/${id}`,
      headers: admin(),
      payload: { title: 'Brighter car park' },
    });
    expect(patched.json()).toMatchObject({ title: 'Brighter car park', body: 'New lights.', day: '2026-11-01' });
    const del = await c.app.inject({
      method: 'DELETE',
      url: `/v1/admin/sites/shop/improvements/${id}`,
      headers: admin(),
    });
    expect(del.statusCode).toBe(204);
    const gone = await c.app.inject({ url: `/v1/admin/sites/shop/improvements/${id}`, headers: admin() });
    expect(gone.statusCode).toBe(404);
  });

  it('refuses an unknown touchpoint or case id, naming the field', async () => {
    const tp = await post({ title: 'x', day: '2026-11-01', touchpoint: 'store-99' });
    expect(tp.statusCode).toBe(422);
    expect(tp.json()).toMatchObject({ code: 'TP_ERR_UNKNOWN_TOUCHPOINT', details: [{ path: 'touchpoint' }] });
    const cs = await post({ title: 'x', day: '2026-11-01', caseIds: [caseId, 'no-such-case'] });
    expect(cs.statusCode).toBe(400);
    expect(cs.json()).toMatchObject({ code: 'TP_ERR_VALIDATION', details: [{ path: 'caseIds.1' }] });
  });

  it("lists a touchpoint's improvements and the site-wide ones, escaping every text and showing no respondent data", async () => {
    await post({
      title: 'Two more tills on weekends <script>alert(1)</script>',
      body: 'You said the queue was long. "We" listened & <b>acted</b>.',
      day: '2026-11-20',
      touchpoint: 'store-12',
      caseIds: [caseId],
    });
    await post({ title: 'Free returns everywhere', day: '2026-11-10' });
    await post({ title: 'Faster checkout page', day: '2026-11-15', touchpoint: 'checkout' });

    const store = await page('/y/shop/store-12');
    expect(store.statusCode).toBe(200);
    expect(store.headers['content-security-policy']).toContain("script-src 'self'");
    expect(store.body).toContain('Two more tills on weekends &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(store.body).toContain('&#34;We&#34; listened &#38; &#60;b&#62;acted&#60;/b&#62;.');
    expect(store.body).not.toMatch(/<script|<b>/);
    expect(store.body).toContain('Free returns everywhere');
    expect(store.body).not.toContain('Faster checkout page');
    expect(store.body.indexOf('Two more tills')).toBeLessThan(store.body.indexOf('Free returns'));
    for (const secret of ['SECRET-VERBATIM', 'ana@example.org', caseId]) expect(store.body).not.toContain(secret);

    const site = await page('/y/shop');
    expect(site.body).toContain('Faster checkout page');
    expect(site.body).toContain('Test shop');
  });

  it('shows the current score with its interval only once the operator made it public', async () => {
    expect((await page('/y/shop')).body).not.toContain('Net Promoter Score');
    await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop/receipts/settings',
      headers: admin(),
      payload: { publicScore: true },
    });
    const shown = await page('/y/shop');
    expect(shown.body).toMatch(/Net Promoter Score <b>-100<\/b> <span>\(95% interval -?\d+ to -?\d+, 1 answers\)/);
    expect(shown.body).not.toContain('SECRET-VERBATIM');
  });

  it('gives a compact panel that the site may frame with ?embed=1, and a page no one may frame without', async () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-03']) await post({ title: `Panel item ${day}`, day });
    const embed = await page('/y/shop?embed=1');
    expect(embed.statusCode).toBe(200);
    expect(embed.body.match(/<li>/g)).toHaveLength(3);
    expect(embed.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${SHOP_ORIGIN}`);
    expect((await page('/y/shop')).headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(embed.body).toContain('@media print');
  });

  it('answers an unknown site or touchpoint with a 404 page', async () => {
    expect((await page('/y/nope')).statusCode).toBe(404);
    expect((await page('/y/shop/store-99')).statusCode).toBe(404);
  });
});
