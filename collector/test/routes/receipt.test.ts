import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signReceipt, type ReceiptClaims } from '../../src/receipts/sign.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { describeEachStore } from '../helpers/each-store.js';
import { seedCatalog } from '../helpers/fixtures.js';

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describeEachStore('receipt pages (/r/:token)', (storeEnv) => {
  let c: TestCollector;
  let secret = '';
  const claims = (over: Partial<ReceiptClaims> = {}): ReceiptClaims => ({
    k: 'k1',
    s: 'shop',
    t: 'store-12',
    l: 'till-3',
    x: `T-${randomUUID().slice(0, 8)}`,
    i: nowSeconds() - 60,
    v: { bill: 12.5, payment: 'card' },
    ...over,
  });
  const open = (token: string) => c.app.inject({ url: `/r/${token}` });
  const responseIdOf = (body: string) => /data-response="([0-9a-f-]{36})"/.exec(body)?.[1];
  const answer = (id: string, nps: number, partial = false) =>
    c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: {
        id,
        site: 'shop',
        survey: 'receipt',
        touchpoint: 'store-12',
        answers: { nps },
        partial,
        createdAt: new Date().toISOString(),
        context: { channel: 'qr', trigger: 'link', vars: {} },
      },
    });
  const failures = async () =>
    (
      await c.app.inject({
        url: `/v1/admin/sites/shop/receipts/failures?from=2000-01-01&to=2100-01-01`,
        headers: admin(),
      })
    ).json<Record<string, number>>();

  beforeAll(async () => {
    c = await startCollector({ env: await storeEnv() });
    await seedCatalog(c);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: {
        id: 'receipt',
        name: 'Store visit',
        touchpoint: 'store-12',
        questions: [{ id: 'nps', type: 'nps', text: { en: 'Would you recommend us?' } }],
      },
    });
    const key = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/receipts/keys',
      headers: admin(),
      payload: { kid: 'k1' },
    });
    expect(key.statusCode).toBe(201);
    secret = key.json<{ secret: string }>().secret;
  });
  afterAll(() => c.close());

  it("opens the store's survey with the transaction's variables and a response id fixed per transaction", async () => {
    const receipt = claims();
    const token = signReceipt(receipt, secret);
    const first = await open(token);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('data-mode="page" data-touchpoint="store-12" data-survey="receipt"');
    const vars = /id="touchpoint-vars">([^<]*)</.exec(first.body)?.[1] ?? '{}';
    expect(JSON.parse(vars)).toEqual({ bill: 12.5, payment: 'card', txn: receipt.x, till: 'till-3' });
    const id = responseIdOf(first.body);
    expect(id).toBeTruthy();
    expect(responseIdOf((await open(token)).body)).toBe(id);
    const other = await open(signReceipt(claims(), secret));
    expect(responseIdOf(other.body)).not.toBe(id);
  });

  it('stores one complete response when two phones answer the same transaction at once', async () => {
    const token = signReceipt(claims(), secret);
    const [a, b] = await Promise.all([open(token), open(token)]);
    const id = responseIdOf(a?.body ?? '') ?? '';
    expect(responseIdOf(b?.body ?? '')).toBe(id);
    const before = await c.app.store.countResponses('shop');
    const saved = await Promise.all([answer(id, 9), answer(id, 3)]);
    expect(saved.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(await c.app.store.countResponses('shop')).toBe(before + 1);
    const stored = await c.app.store.getResponse('shop', id);
    expect(stored?.partial).toBe(false);
    expect([9, 3]).toContain(stored?.answers.nps);
  });

  it('thanks a second scan after the survey was completed instead of showing it again', async () => {
    const token = signReceipt(claims(), secret);
    const id = responseIdOf((await open(token)).body) ?? '';
    expect((await answer(id, 10)).statusCode).toBe(200);
    const again = await open(token);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Already answered, thank you!');
    expect(again.body).not.toContain('/widget.js');
  });

  it('lets a half-answered survey be continued on a second scan', async () => {
    const token = signReceipt(claims(), secret);
    const id = responseIdOf((await open(token)).body) ?? '';
    expect((await answer(id, 4, true)).statusCode).toBe(200);
    const again = await open(token);
    expect(responseIdOf(again.body)).toBe(id);
  });

  it('shows a friendly 400 page for a tampered token and counts it', async () => {
    const before = (await failures())['bad-signature'] ?? 0;
    const [, , sig] = signReceipt(claims(), secret).split('.');
    const forged = `tp1.${Buffer.from(JSON.stringify(claims({ v: { bill: 0.01 } }))).toString('base64url')}.${sig}`;
    const res = await open(forged);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('We could not check this receipt');
    expect(res.body).not.toContain('/widget.js');
    expect((await failures())['bad-signature']).toBe(before + 1);
  });

  it('shows a friendly 410 page for a receipt older than the validity window and counts it', async () => {
    const token = signReceipt(claims({ i: nowSeconds() - 8 * DAY }), secret);
    const res = await open(token);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This receipt has expired');
    expect((await failures()).expired).toBeGreaterThanOrEqual(1);
  });

  it('follows the validity window set for the site', async () => {
    const token = signReceipt(claims({ i: nowSeconds() - 8 * DAY }), secret);
    const set = await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop/receipts/settings',
      headers: admin(),
      payload: { validityDays: 30 },
    });
    expect(set.json()).toEqual({ validityDays: 30, publicScore: false });
    expect((await open(token)).statusCode).toBe(200);
    await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop/receipts/settings',
      headers: admin(),
      payload: { validityDays: 7 },
    });
    expect((await open(token)).statusCode).toBe(410);
  });

  it('shows a friendly 400 page for a link that is not a token, even a very long one', async () => {
    for (const path of ['nonsense', `tp1.${'x'.repeat(1500)}.y`]) {
      const res = await open(path);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('This link is incomplete');
    }
  });

  it('accepts an old key id after a new secret is added, and refuses it once removed', async () => {
    const old = signReceipt(claims(), secret);
    const k2 = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/receipts/keys',
      headers: admin(),
      payload: { kid: 'k2' },
    });
    const fresh = signReceipt(claims({ k: 'k2' }), k2.json<{ secret: string }>().secret);
    expect((await open(old)).statusCode).toBe(200);
    expect((await open(fresh)).statusCode).toBe(200);
    const listed = await c.app.inject({ url: '/v1/admin/sites/shop/receipts/keys', headers: admin() });
    expect(listed.json<{ kid: string; secret?: string }[]>().map((k) => [k.kid, k.secret])).toEqual([
      ['k1', undefined],
      ['k2', undefined],
    ]);
    const removed = await c.app.inject({
      method: 'DELETE',
      url: '/v1/admin/sites/shop/receipts/keys/k1',
      headers: admin(),
    });
    expect(removed.statusCode).toBe(204);
    expect((await open(old)).statusCode).toBe(400);
    expect((await open(fresh)).statusCode).toBe(200);
    secret = k2.json<{ secret: string }>().secret;
  });
});
