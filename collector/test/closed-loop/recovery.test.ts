import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, WebhookEndpoint } from '@touchpoint/shared';
import { verifySignature } from '../../src/closed-loop/signature.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { adminCall, fastOutbox, postResponse } from './fixtures.js';

/** Attempts before a delivery is given up in these tests: the receiver fails exactly that often. */
const MAX_ATTEMPTS = 2;

describe('closed loop: recovering from a receiver outage', () => {
  let c: TestCollector;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await c?.close();
    await receiver?.close();
  });

  async function start(failFirst = 0) {
    receiver = await startWebhookReceiver({ failFirst });
    c = await startCollector({ env: { ...fastOutbox, TOUCHPOINT_OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) } });
    await seedCatalog(c);
    const created = await adminCall<{ webhook: WebhookEndpoint; secret: string }>(
      c,
      'POST',
      '/v1/admin/sites/shop/webhooks',
      { url: receiver.url, events: ['case.opened'] },
    );
    expect(created.status).toBe(201);
    return created.body;
  }
  const deliveries = async () => (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries')).body;
  const createKey = async (kind: 'admin' | 'read') => {
    const res = await adminCall<{ secret: string }>(c, 'POST', '/v1/admin/keys', { name: `${kind} key`, kind });
    expect(res.status).toBe(201);
    return res.body.secret;
  };
  const createOtherSite = async () => {
    const res = await adminCall(c, 'POST', '/v1/admin/sites', { key: 'other', name: 'Other', origins: [] });
    expect(res.status).toBe(201);
  };

  it('delivers a dead delivery exactly once after a retry, signed, keeping its history in the log', async () => {
    const { secret } = await start(MAX_ATTEMPTS); // the receiver is fixed right after the last attempt
    await postResponse(c, aResponse({ answers: { nps: 2 } }));
    await waitFor('the dead letter', async () => (await deliveries())[0]?.status === 'dead');
    const [dead] = await deliveries();
    expect(receiver.calls.map((x) => x.status)).toEqual([500, 500]);

    const retried = await adminCall<Delivery>(c, 'POST', `/v1/admin/sites/shop/deliveries/${dead!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: dead!.id, status: 'pending', attempts: MAX_ATTEMPTS });
    expect(retried.body.lastError).toBe('HTTP 500 Internal Server Error');
    expect(retried.body.nextAttemptAt).not.toBeNull();

    await waitFor('the delivered mark', async () => (await deliveries())[0]?.status === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 200)); // further worker rounds send nothing more
    expect(receiver.calls.map((x) => x.status)).toEqual([500, 500, 200]);
    const call = receiver.accepted()[0]!;
    expect(call.headers['x-touchpoint-delivery']).toBe(dead!.id);
    expect(verifySignature(secret, call.body, call.headers['x-touchpoint-signature'] as string)).toBe(true);
    const [logged] = await deliveries();
    expect(logged).toMatchObject({ status: 'delivered', attempts: MAX_ATTEMPTS + 1, nextAttemptAt: null });
    expect(logged!.lastError).toBe('HTTP 500 Internal Server Error');

    const again = await c.app.inject({
      method: 'POST',
      url: `/v1/admin/sites/shop/deliveries/${dead!.id}/retry`,
      headers: admin(c.adminKey),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TP_ERR_CONFLICT');
  });

  it('answers 404 to a retry of an unknown delivery or one of another site', async () => {
    await start();
    await createOtherSite();
    await postResponse(c, aResponse({ answers: { nps: 2 } }));
    await waitFor('a delivery', async () => (await deliveries()).length === 1);
    const [row] = await deliveries();

    const unknown = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/deliveries/no-such-delivery/retry',
      headers: admin(c.adminKey),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('TP_ERR_NOT_FOUND');
    const elsewhere = await c.app.inject({
      method: 'POST',
      url: `/v1/admin/sites/other/deliveries/${row!.id}/retry`,
      headers: admin(c.adminKey),
    });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('TP_ERR_NOT_FOUND');
  });

  it('answers 403 to a retry with a read-only key and leaves the delivery dead', async () => {
    await start(MAX_ATTEMPTS);
    await postResponse(c, aResponse({ answers: { nps: 2 } }));
    await waitFor('the dead letter', async () => (await deliveries())[0]?.status === 'dead');
    const [dead] = await deliveries();
    const read = await createKey('read');

    const res = await c.app.inject({
      method: 'POST',
      url: `/v1/admin/sites/shop/deliveries/${dead!.id}/retry`,
      headers: admin(read),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TP_ERR_FORBIDDEN');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await deliveries())[0]).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    expect(receiver.calls).toHaveLength(MAX_ATTEMPTS);
  });

  it('signs with the rotated secret only, which is shown once', async () => {
    const { webhook, secret: oldSecret } = await start();
    const url = `/v1/admin/sites/shop/webhooks/${webhook.id}`;
    const rotated = await adminCall<{ webhook: WebhookEndpoint; secret: string }>(c, 'POST', `${url}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhook).toEqual(webhook);
    const newSecret = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);

    const one = await c.app.inject({ url, headers: admin(c.adminKey) });
    const list = await c.app.inject({ url: '/v1/admin/sites/shop/webhooks', headers: admin(c.adminKey) });
    for (const res of [one, list]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(newSecret);
      expect(res.body).not.toContain('secret');
    }

    await postResponse(c, aResponse({ answers: { nps: 1 } }));
    await waitFor('case.opened', () => receiver.accepted().length >= 1);
    const call = receiver.calls[0]!;
    const signature = call.headers['x-touchpoint-signature'] as string;
    expect(verifySignature(newSecret, call.body, signature)).toBe(true);
    expect(verifySignature(oldSecret, call.body, signature)).toBe(false);
  });

  it('answers 404 to a rotation of an unknown endpoint or one of another site, 403 to a read-only key', async () => {
    const { webhook } = await start();
    await createOtherSite();
    const rotate = (site: string, id: string, key = c.adminKey) =>
      c.app.inject({
        method: 'POST',
        url: `/v1/admin/sites/${site}/webhooks/${id}/rotate-secret`,
        headers: admin(key),
      });

    const unknown = await rotate('shop', 'no-such-webhook');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('TP_ERR_NOT_FOUND');
    const elsewhere = await rotate('other', webhook.id);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('TP_ERR_NOT_FOUND');
    const readOnly = await rotate('shop', webhook.id, await createKey('read'));
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().code).toBe('TP_ERR_FORBIDDEN');
  });
});
