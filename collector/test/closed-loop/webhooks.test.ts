import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, FollowUpCase, WebhookEndpoint, WebhookPayload } from '@touchpoint/shared';
import { verifySignature } from '../../src/closed-loop/signature.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { adminCall, fastOutbox, postResponse } from './fixtures.js';

describe('closed loop: follow-up cases and signed webhooks', () => {
  let c: TestCollector;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await c?.close();
    await receiver?.close();
  });

  async function start(opts: { failFirst?: number; env?: Record<string, string> } = {}) {
    receiver = await startWebhookReceiver({ failFirst: opts.failFirst ?? 0 });
    c = await startCollector({ env: { ...fastOutbox, ...opts.env } });
    await seedCatalog(c);
    const created = await adminCall<{ webhook: WebhookEndpoint; secret: string }>(
      c,
      'POST',
      '/v1/admin/sites/shop/webhooks',
      {
        url: receiver.url,
        events: ['case.opened', 'case.updated'],
      },
    );
    expect(created.status).toBe(201);
    return created.body;
  }
  const deliveries = async () => (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries')).body;

  it('opens a case for a detractor and sends case.opened with a valid signature', async () => {
    const { webhook, secret } = await start();
    const r = aResponse({ answers: { nps: 3, why: 'The queue was far too long' } });
    await postResponse(c, r);
    await waitFor('case.opened', () => receiver.accepted().length >= 1);

    const cases = await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases');
    expect(cases.body).toHaveLength(1);
    const opened = cases.body[0]!;
    expect(opened).toMatchObject({
      response: r.id,
      touchpoint: 'checkout',
      status: 'open',
      score: 3,
      band: 'detractor',
    });
    expect(opened.verbatim).toBe('The queue was far too long');
    expect(Date.parse(opened.dueAt) - Date.parse(opened.openedAt)).toBe(48 * 3_600_000);

    const call = receiver.calls[0]!;
    const signature = call.headers['x-touchpoint-signature'] as string;
    expect(verifySignature(secret, call.body, signature)).toBe(true);
    expect(verifySignature(secret, call.body.replace('long', 'short'), signature)).toBe(false);
    expect(verifySignature('whsec_wrong', call.body, signature)).toBe(false);
    expect(call.headers['x-touchpoint-event']).toBe('case.opened');
    const payload = JSON.parse(call.body) as WebhookPayload;
    expect(payload).toMatchObject({
      type: 'case.opened',
      site: 'shop',
      data: { case: { id: opened.id, response: r.id } },
    });
    // The receiver records the call before it answers: wait for the collector to see the answer.
    await waitFor('the delivered mark', async () => (await deliveries())[0]?.status === 'delivered');
    const [logged] = await deliveries();
    expect(call.headers['x-touchpoint-delivery']).toBe(logged!.id);
    expect(logged).toMatchObject({ target: webhook.id, event: 'case.opened', status: 'delivered', attempts: 1 });
  });

  it('opens no case for a promoter or a passive', async () => {
    await start();
    await postResponse(c, aResponse({ answers: { nps: 9 } }));
    await postResponse(c, aResponse({ answers: { nps: 7 } }));
    expect((await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  it('delivers an event exactly once to a receiver that fails three times first, after four attempts', async () => {
    await start({ failFirst: 3 });
    await postResponse(c, aResponse({ answers: { nps: 0 } }));
    await waitFor('a successful call', () => receiver.accepted().length >= 1);
    await waitFor('the delivered mark', async () => (await deliveries())[0]?.status === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 200)); // further worker rounds send nothing more

    expect(receiver.calls.map((x) => x.status)).toEqual([500, 500, 500, 200]);
    const ids = new Set(receiver.calls.map((x) => x.headers['x-touchpoint-delivery']));
    expect(ids.size).toBe(1);
    const [logged] = await deliveries();
    expect(logged).toMatchObject({ status: 'delivered', attempts: 4, nextAttemptAt: null });
    expect(logged!.deliveredAt).not.toBeNull();
  });

  it("gives a delivery up as dead after the last attempt, logging the status line but never the receiver's body", async () => {
    await start({ failFirst: 100, env: { TOUCHPOINT_OUTBOX_MAX_ATTEMPTS: '2' } });
    await postResponse(c, aResponse({ answers: { nps: 1 } }));
    await waitFor('the dead letter', async () => (await deliveries())[0]?.status === 'dead');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.calls).toHaveLength(2);
    expect((await deliveries())[0]).toMatchObject({ attempts: 2, lastError: 'HTTP 500 Internal Server Error' });
  });

  it('sends case.updated when a case is assigned, noted and resolved', async () => {
    await start();
    await postResponse(c, aResponse({ answers: { nps: 4 } }));
    const [opened] = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
    const url = `/v1/admin/sites/shop/cases/${opened!.id}`;
    const patched = await adminCall<FollowUpCase>(c, 'PATCH', url, {
      status: 'contacted',
      assignee: 'mia',
      note: 'Called, left a voicemail',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'contacted', assignee: 'mia', resolvedAt: null });
    expect(patched.body.notes).toEqual([
      expect.objectContaining({ text: 'Called, left a voicemail', author: expect.stringContaining('Bootstrap') }),
    ]);
    const resolved = await adminCall<FollowUpCase>(c, 'PATCH', url, {
      status: 'resolved',
      note: 'Refunded the delivery fee',
    });
    expect(resolved.body.notes.map((n) => n.text)).toEqual(['Called, left a voicemail', 'Refunded the delivery fee']);
    expect(resolved.body.resolvedAt).not.toBeNull();

    await waitFor('three calls', () => receiver.accepted().length >= 3);
    const types = receiver.accepted().map((x) => (JSON.parse(x.body) as WebhookPayload).type);
    expect(types.sort()).toEqual(['case.opened', 'case.updated', 'case.updated']);
  });

  it('cuts a hanging webhook call short on shutdown and keeps it pending for a retry', async () => {
    const hanging = createServer(() => undefined); // accepts the call, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const address = hanging.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    receiver = await startWebhookReceiver();
    // An attempt timeout far beyond the test's own: a close that waited for it would fail the test.
    c = await startCollector({ env: { ...fastOutbox, TOUCHPOINT_DELIVERY_TIMEOUT_MS: '120000' } });
    await seedCatalog(c);
    const url = `http://127.0.0.1:${port}/hooks`;
    await adminCall(c, 'POST', '/v1/admin/sites/shop/webhooks', { url, events: ['case.opened'] });
    let arrived = false;
    hanging.on('request', () => (arrived = true));
    await postResponse(c, aResponse({ answers: { nps: 1 } }));
    await waitFor('the call to hang', () => arrived);
    await c.app.close();
    hanging.closeAllConnections();
    hanging.close();

    const store = new SqliteStore({ file: c.dbPath, writer: 'inline' });
    const [row] = await store.closedLoop.listDeliveries('shop', { limit: 5 });
    await store.close();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toContain('shutting down');
  });
});
