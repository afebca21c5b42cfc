import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '@touchpoint/shared';
import { callWebhook, type WebhookCallOptions } from '../../src/delivery/webhook.js';
import { checkUrlHost, type Lookup } from '../../src/lib/address-guard.js';
import type { ClaimedDelivery } from '../../src/store/closed-loop-store.js';
import { adminCall, fastOutbox, postResponse } from '../closed-loop/fixtures.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/** A claimed delivery of a `case.opened` event, as the worker hands it over. */
const claimed = (url: string): [{ url: string; secret: string; active: boolean }, ClaimedDelivery] => [
  { url, secret: 'whsec_test', active: true },
  {
    id: 'd-1',
    site: 'shop',
    kind: 'webhook',
    event: 'case.opened',
    target: 'w-1',
    payload: '{"type":"case.opened"}',
    attempts: 0,
    endpoint: null,
    claim: '2026-12-02T10:00:20.000Z',
  },
];

/** A resolver that answers every name with one address, as a rebinding DNS server would at call time. */
const resolvesTo =
  (address: string): Lookup =>
  (_host, _options, callback) =>
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);

const guarded: WebhookCallOptions = { timeoutMs: 2000, allowPrivate: false };
const allowed: WebhookCallOptions = { timeoutMs: 2000, allowPrivate: true };

describe('callWebhook', () => {
  let receiver: WebhookReceiver | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await receiver?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    receiver = server = undefined;
  });

  it('refuses to call a loopback address literal unless private receivers are allowed', async () => {
    receiver = await startWebhookReceiver();
    await expect(callWebhook(...claimed(receiver.url), guarded)).rejects.toThrow(
      'TP_WEBHOOK_ADDRESS_BLOCKED (loopback address)',
    );
    expect(receiver.calls).toEqual([]);
    await callWebhook(...claimed(receiver.url), allowed);
    expect(receiver.accepted()).toHaveLength(1);
  });

  it('refuses a name that resolves to loopback (localhost)', async () => {
    receiver = await startWebhookReceiver();
    await expect(callWebhook(...claimed(`http://localhost:${receiver.port}/hooks`), guarded)).rejects.toMatchObject({
      code: 'TP_WEBHOOK_ADDRESS_BLOCKED',
    });
    expect(receiver.calls).toEqual([]);
  });

  it('checks the address it connects to, so a name that rebinds to loopback after the check is refused', async () => {
    receiver = await startWebhookReceiver();
    const url = `http://rebind.attacker.example:${receiver.port}/hooks`;
    expect(await checkUrlHost(url, resolvesTo('93.184.216.34'))).toBeNull(); // public when it was saved
    await expect(callWebhook(...claimed(url), { ...guarded, lookup: resolvesTo('127.0.0.1') })).rejects.toThrow(
      'TP_WEBHOOK_ADDRESS_BLOCKED (loopback address)',
    );
    expect(receiver.calls).toEqual([]);
  });

  it("fails with the status line only, never the receiver's body", async () => {
    receiver = await startWebhookReceiver({ failFirst: 1 });
    const failure = await callWebhook(...claimed(receiver.url), allowed).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('HTTP 500 Internal Server Error');
  });

  it('does not follow a redirect', async () => {
    receiver = await startWebhookReceiver();
    const target = receiver.url;
    server = createServer((_req, res) => res.writeHead(307, { location: target }).end('moved'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await expect(callWebhook(...claimed(`http://127.0.0.1:${port}/hooks`), allowed)).rejects.toThrow(
      'HTTP 307 Temporary Redirect',
    );
    expect(receiver.calls).toEqual([]);
  });
});

describe('webhook delivery with private receivers not allowed', () => {
  let c: TestCollector;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await c?.close();
    await receiver?.close();
  });

  it('marks a call to an endpoint on loopback failed with TP_WEBHOOK_ADDRESS_BLOCKED, without calling it', async () => {
    receiver = await startWebhookReceiver();
    c = await startCollector({
      env: { ...fastOutbox, TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'false', TOUCHPOINT_OUTBOX_MAX_ATTEMPTS: '1' },
    });
    await seedCatalog(c);
    // Saved before the admin API refused such URLs (or by an older version): the worker must refuse it too.
    await c.app.store.closedLoop.createWebhook(
      'shop',
      { url: receiver.url, events: ['case.opened'], active: true },
      's',
    );
    await postResponse(c, aResponse({ answers: { nps: 1 } }));
    const deliveries = async () => (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries')).body;
    await waitFor('the dead delivery', async () => (await deliveries())[0]?.status === 'dead');
    expect((await deliveries())[0]).toMatchObject({
      status: 'dead',
      lastError: 'TP_WEBHOOK_ADDRESS_BLOCKED (loopback address)',
    });
    expect(receiver.calls).toEqual([]);
  });
});
