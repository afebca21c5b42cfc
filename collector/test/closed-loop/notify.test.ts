import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery, FollowUpCase } from '@touchpoint/shared';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { adminCall, fastOutbox, postResponse } from './fixtures.js';

interface SlackBody {
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { url: string }[] }[];
}
interface TeamsBody {
  '@type': string;
  title: string;
  text?: string;
  sections: { facts?: { name: string; value: string }[]; text?: string }[];
  potentialAction: { targets: { uri: string }[] }[];
}

describe('closed loop: Slack and Teams notifications', () => {
  let c: TestCollector;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    vi.useRealTimers();
    await c?.close();
    await receiver?.close();
  });

  async function start(action: object, env: Record<string, string> = fastOutbox) {
    receiver = await startWebhookReceiver();
    c = await startCollector({ env });
    await seedCatalog(c);
    return adminCall(c, 'POST', '/v1/admin/sites/shop/rules', {
      id: 'chat',
      name: 'Detractor alert',
      match: { bands: ['detractor'] },
      actions: [{ type: 'case' }, { type: 'notify', url: receiver.url, ...action }],
    });
  }
  const deliveries = async () =>
    (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries?kind=notify')).body;
  const onlyCase = async () => (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body[0]!;

  it('posts one Slack message per detractor with the score, the comment and a link to its case', async () => {
    expect((await start({ kind: 'slack', digest: 'none' })).status).toBe(201);
    await postResponse(c, aResponse({ answers: { nps: 3, why: 'The queue was far too long' } }));
    await postResponse(c, aResponse({ answers: { nps: 10, why: 'Lovely' } }));
    await waitFor('the alert', () => receiver.accepted().length >= 1);
    await waitFor('the delivered mark', async () => (await deliveries())[0]?.status === 'delivered');

    expect(receiver.calls).toHaveLength(1);
    const body = JSON.parse(receiver.calls[0]!.body) as SlackBody;
    expect(body.text).toBe('Detractor alert: NPS 3 (detractor) at Checkout page');
    expect(body.blocks[1]!.text!.text).toBe('> The queue was far too long');
    const kase = await onlyCase();
    expect(body.blocks[2]!.elements![0]!.url).toMatch(new RegExp(`/dashboard/#/inbox\\?case=${kase.id}$`));
    expect(receiver.calls[0]!.headers['x-touchpoint-signature']).toBeUndefined();
  });

  it('posts a Teams MessageCard per detractor, its comment cut to 280 characters', async () => {
    expect((await start({ kind: 'teams' })).status).toBe(201);
    await postResponse(c, aResponse({ answers: { nps: 1, why: 'x'.repeat(400) } }));
    await waitFor('the alert', () => receiver.accepted().length >= 1);

    const card = JSON.parse(receiver.calls[0]!.body) as TeamsBody;
    expect(card['@type']).toBe('MessageCard');
    expect(card.title).toBe('Detractor alert: NPS 1 (detractor) at Checkout page');
    expect(card.sections[0]!.facts).toContainEqual({ name: 'Touchpoint', value: 'Checkout page' });
    expect(card.sections[0]!.text).toHaveLength(280);
    expect(card.sections[0]!.text!.endsWith('…')).toBe(true);
    expect(card.potentialAction[0]!.targets[0]!.uri).toContain(`case=${(await onlyCase()).id}`);
  });

  it('sends one hourly digest per period with its count, NPS and latest comments, and never twice', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:15:00Z'));
    const created = await start({ kind: 'slack', digest: 'hourly' });
    expect(created.status).toBe(201);
    // Every response matches: the digest counts detractors only, as the rule's bands say.
    await postResponse(c, aResponse({ answers: { nps: 2, why: 'Slow delivery' } }));
    await postResponse(c, aResponse({ answers: { nps: 4, why: 'Broken box' } }));
    await postResponse(c, aResponse({ answers: { nps: 6 } }));
    await postResponse(c, aResponse({ answers: { nps: 10, why: 'Not counted: a promoter' } }));
    await c.app.delivery.runOnce();
    expect(receiver.calls).toEqual([]);

    vi.setSystemTime(new Date('2026-12-02T11:00:01Z'));
    await waitFor('the digest', () => receiver.accepted().length >= 1);
    await waitFor('the delivered mark', async () => (await deliveries())[0]?.status === 'delivered');
    await c.app.delivery.runOnce();
    await c.app.delivery.runOnce();
    expect(receiver.calls).toHaveLength(1);
    const body = JSON.parse(receiver.calls[0]!.body) as SlackBody;
    expect(body.text).toBe('Detractor alert: 3 matching responses this hour');
    expect(body.blocks[0]!.text!.text).toContain('Average NPS: 4.0');
    expect(body.blocks[0]!.text!.text).toContain('NPS of the period: -100 (0 promoters, 3 detractors)');
    expect(body.blocks.slice(1, 3).map((b) => b.text!.text)).toEqual([
      '> Broken box\n_Checkout page, 4_',
      '> Slow delivery\n_Checkout page, 2_',
    ]);
    expect(body.blocks.at(-1)!.elements![0]!.url).toMatch(/\/dashboard\/#\/inbox$/);
    const [logged] = await deliveries();
    expect(logged).toMatchObject({ kind: 'notify', event: 'digest', target: 'chat', attempts: 1 });

    // The next hour has a summary of its own.
    await postResponse(c, aResponse({ answers: { nps: 0 } }));
    vi.setSystemTime(new Date('2026-12-02T12:00:01Z'));
    await waitFor('the second digest', () => receiver.accepted().length >= 2);
    expect((JSON.parse(receiver.calls[1]!.body) as SlackBody).text).toBe(
      'Detractor alert: 1 matching response this hour',
    );
    expect(receiver.calls).toHaveLength(2);
  });

  it('refuses a notify URL that is not https, private or does not resolve, naming the field', async () => {
    const env = { ...fastOutbox, TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'false' };
    const cases: [string, RegExp][] = [
      ['http://203.0.113.5/hook', /must be an https URL/],
      ['https://127.0.0.1/hook', /loopback/],
      ['https://169.254.169.254/latest', /link-local/],
      ['https://hooks.example.invalid/services/x', /does not resolve/],
    ];
    expect((await start({ kind: 'slack', url: cases[0]![0] }, env)).status).toBe(400);
    for (const [url, why] of cases) {
      const res = await adminCall<{ code: string; message: string }>(c, 'POST', '/v1/admin/sites/shop/rules', {
        id: 'chat',
        name: 'Detractor alert',
        actions: [{ type: 'notify', kind: 'teams', url }],
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('TP_ERR_VALIDATION');
      expect(res.body.message).toMatch(/^body\.actions\[0\]\.url: /);
      expect(res.body.message).toMatch(why);
    }
  });
});
