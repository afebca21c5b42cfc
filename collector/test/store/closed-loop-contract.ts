import { expect, it } from 'vitest';
import { rule, survey } from '@touchpoint/shared';
import type { NotifyPayload } from '../../src/closed-loop/notify.js';
import { defaultRules } from '../../src/closed-loop/default-rules.js';
import type { ResponseRecord, Store } from '../../src/store/store.js';

/** Milliseconds in an hour. */
const HOUR_MS = 3_600_000;
/** Milliseconds in a day. */
const DAY_MS = 86_400_000;
/** A claim's lease in these tests. */
const LEASE_MS = 60_000;

/**
 * The closed loop's part of the Store contract, run inside storeContract on its site 's' (touchpoint 'tp',
 * survey 'q' with an NPS question 'nps'). `record` builds a complete NPS 8 response by default.
 */
export function closedLoopContract(
  store: () => Store,
  record: (over?: Partial<ResponseRecord>) => ResponseRecord,
): void {
  const hook = (s: Store) =>
    s.closedLoop.createWebhook(
      's',
      { url: 'https://hooks.example/in', events: ['case.opened', 'response.completed'], active: true },
      'whsec_test',
    );
  const later = (ms: number) => new Date(Date.now() + ms).toISOString();

  it('gives a site its default rules when the site is created', async () => {
    expect(await store().closedLoop.listRules('s')).toEqual(defaultRules());
  });

  it('opens one case and queues its events with a detractor response, and nothing more for a repeat', async () => {
    const s = store();
    await hook(s);
    const r = record({ answers: { nps: 2 } });
    await s.saveResponses([r]);
    await s.saveResponses([r]);
    const cases = await s.closedLoop.listCases('s', { limit: 10 }, new Date().toISOString());
    expect(cases.map((c) => [c.response, c.band, c.score, c.status])).toEqual([[r.id, 'detractor', 2, 'open']]);
    const log = await s.closedLoop.listDeliveries('s', { limit: 10 });
    expect(log.map((d) => d.event).sort()).toEqual(['case.opened', 'response.completed']);
    expect(log.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
  });

  it('queues response.created when a partial response arrives and response.completed when it completes', async () => {
    const s = store();
    await s.closedLoop.createWebhook(
      's',
      { url: 'https://hooks.example/in', events: ['response.created', 'response.completed'], active: true },
      'k',
    );
    const r = record({ partial: true, answers: { nps: 9 } });
    await s.saveResponses([r]);
    const events = async () => (await s.closedLoop.listDeliveries('s', { limit: 10 })).map((d) => d.event).sort();
    expect(await events()).toEqual(['response.created']);
    await s.saveResponses([{ ...r, partial: false, answers: {}, receivedAt: '2026-11-01T10:09:00.000Z' }]);
    await s.saveResponses([{ ...r, partial: false, answers: {}, receivedAt: '2026-11-01T10:10:00.000Z' }]);
    expect(await events()).toEqual(['response.completed', 'response.created']);
  });

  it('runs the rules when a partial response is completed, not before', async () => {
    const s = store();
    const r = record({ partial: true, answers: { nps: 1 } });
    await s.saveResponses([r]);
    expect(await s.closedLoop.listCases('s', { limit: 10 }, new Date().toISOString())).toEqual([]);
    await s.saveResponses([{ ...r, partial: false, answers: {}, receivedAt: '2026-11-01T10:09:00.000Z' }]);
    expect(await s.closedLoop.listCases('s', { limit: 10 }, new Date().toISOString())).toHaveLength(1);
  });

  it('hands a due row to one claim while its lease runs, and again once the lease has ended', async () => {
    const s = store();
    await hook(s);
    await s.saveResponses([record({ answers: { nps: 9 } })]);
    const now = new Date().toISOString();
    const claim = (at: string) =>
      s.closedLoop.claimDeliveries({ kinds: ['webhook'], limit: 10, leaseMs: LEASE_MS, now: at });
    const first = await claim(now);
    expect(first.map((d) => d.event)).toEqual(['response.completed']);
    expect(first[0]!.endpoint).toMatchObject({ url: 'https://hooks.example/in', secret: 'whsec_test' });
    expect(await claim(now)).toEqual([]);
    expect(
      await s.closedLoop.claimDeliveries({ kinds: ['email'], limit: 10, leaseMs: LEASE_MS, now: later(LEASE_MS + 1) }),
    ).toEqual([]);
    expect((await claim(later(LEASE_MS + 1))).map((d) => d.id)).toEqual([first[0]!.id]);
  });

  it('ignores the marks of a claim whose lease ran out and whose row another claim took over', async () => {
    const s = store();
    await hook(s);
    await s.saveResponses([record({ answers: { nps: 9 } })]);
    const claim = (at: string) =>
      s.closedLoop.claimDeliveries({ kinds: ['webhook'], limit: 1, leaseMs: LEASE_MS, now: at });
    const [stale] = await claim(new Date().toISOString());
    const [current] = await claim(later(LEASE_MS + 1));
    expect(current?.id).toBe(stale?.id);
    expect(current?.claim).not.toBe(stale?.claim);
    // The first worker's late outcome, a failure to retry and then a success, changes nothing.
    await s.closedLoop.markFailed(stale!.id, 'timed out', later(1000), stale!.claim);
    await s.closedLoop.markDelivered(stale!.id, later(0), stale!.claim);
    expect((await s.closedLoop.listDeliveries('s', { limit: 1 }))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await claim(later(LEASE_MS + 2))).toEqual([]);
    await s.closedLoop.markDelivered(current!.id, later(LEASE_MS + 3), current!.claim);
    expect((await s.closedLoop.listDeliveries('s', { limit: 1 }))[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
  });

  it('counts attempts, retries when told and keeps a delivered row delivered', async () => {
    const s = store();
    await hook(s);
    await s.saveResponses([record({ answers: { nps: 9 } })]);
    const [d] = await s.closedLoop.claimDeliveries({
      kinds: ['webhook'],
      limit: 1,
      leaseMs: LEASE_MS,
      now: new Date().toISOString(),
    });
    await s.closedLoop.markFailed(d!.id, 'HTTP 503', later(1000));
    expect((await s.closedLoop.listDeliveries('s', { limit: 1 }))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
    });
    const [again] = await s.closedLoop.claimDeliveries({
      kinds: ['webhook'],
      limit: 1,
      leaseMs: LEASE_MS,
      now: later(2000),
    });
    expect(again).toMatchObject({ id: d!.id, attempts: 1 });
    await s.closedLoop.markDelivered(d!.id, new Date().toISOString());
    await s.closedLoop.markFailed(d!.id, 'late failure', null);
    expect((await s.closedLoop.listDeliveries('s', { limit: 1 }))[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
    expect(
      await s.closedLoop.claimDeliveries({ kinds: ['webhook'], limit: 1, leaseMs: LEASE_MS, now: later(HOUR_MS) }),
    ).toEqual([]);
  });

  it('turns a row dead when no retry is given', async () => {
    const s = store();
    await hook(s);
    await s.saveResponses([record({ answers: { nps: 9 } })]);
    const [d] = await s.closedLoop.claimDeliveries({
      kinds: ['webhook'],
      limit: 1,
      leaseMs: LEASE_MS,
      now: new Date().toISOString(),
    });
    await s.closedLoop.markFailed(d!.id, 'HTTP 410', null);
    expect((await s.closedLoop.listDeliveries('s', { status: 'dead', limit: 5 })).map((x) => x.id)).toEqual([d!.id]);
    expect(await s.closedLoop.countPending('webhook')).toBe(0);
  });

  it('brings a dead row back due now, keeping its attempts and error, and leaves a delivered row delivered', async () => {
    const s = store();
    await hook(s);
    await s.saveResponses([record({ answers: { nps: 9 } })]);
    const claim = () =>
      s.closedLoop.claimDeliveries({ kinds: ['webhook'], limit: 1, leaseMs: LEASE_MS, now: new Date().toISOString() });
    const [d] = await claim();
    await s.closedLoop.markFailed(d!.id, 'HTTP 503', null);
    expect(await s.closedLoop.retryDelivery('other-site', d!.id, new Date().toISOString())).toBeNull();
    expect(await s.closedLoop.retryDelivery('s', 'no-such-row', new Date().toISOString())).toBeNull();

    const retried = await s.closedLoop.retryDelivery('s', d!.id, new Date().toISOString());
    expect(retried).toMatchObject({ id: d!.id, status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    const [again] = await claim();
    expect(again).toMatchObject({ id: d!.id, attempts: 1 });
    await s.closedLoop.markDelivered(d!.id, new Date().toISOString());
    expect(await s.closedLoop.retryDelivery('s', d!.id, new Date().toISOString())).toMatchObject({
      id: d!.id,
      status: 'delivered',
    });
    expect(await claim()).toEqual([]);
  });

  it("signs what is still queued with an endpoint's new secret after a rotation", async () => {
    const s = store();
    const endpoint = await hook(s);
    await s.saveResponses([record({ answers: { nps: 9 } })]);
    expect(await s.closedLoop.rotateWebhookSecret('s', endpoint.id, 'whsec_rotated')).toBe(true);
    expect(await s.closedLoop.rotateWebhookSecret('s', 'no-such-endpoint', 'whsec_x')).toBe(false);
    const [d] = await s.closedLoop.claimDeliveries({
      kinds: ['webhook'],
      limit: 1,
      leaseMs: LEASE_MS,
      now: new Date().toISOString(),
    });
    expect(d?.endpoint).toMatchObject({ secret: 'whsec_rotated', active: true });
  });

  it('flags an unresolved case overdue after its due time, and a resolved one never', async () => {
    const s = store();
    await s.saveResponses([record({ answers: { nps: 0 } }), record({ answers: { nps: 3 } })]);
    const [a, b] = await s.closedLoop.listCases('s', { limit: 10 }, new Date().toISOString());
    await s.closedLoop.updateCase('s', b!.id, { status: 'resolved', at: new Date().toISOString() });
    const past = await s.closedLoop.listCases('s', { overdue: true, limit: 10 }, later(49 * HOUR_MS));
    expect(past.map((c) => c.id)).toEqual([a!.id]);
    expect(past[0]!.overdue).toBe(true);
    const summary = await s.closedLoop.caseSummary('s', later(49 * HOUR_MS));
    expect(summary).toEqual([expect.objectContaining({ touchpoint: 'tp', open: 1, resolved: 1, overdue: 1 })]);
  });

  it("erases a respondent's cases and queued e-mails with their responses", async () => {
    const s = store();
    const r = record({ answers: { nps: 10 }, respondentEmail: 'ana@example.com', vars: { contactConsent: true } });
    await s.saveResponses([r, record({ answers: { nps: 0 }, respondentEmail: 'ana@example.com' })]);
    expect(await s.closedLoop.listDeliveries('s', { kind: 'email', limit: 5 })).toHaveLength(1);
    expect(await s.closedLoop.listCases('s', { limit: 5 }, new Date().toISOString())).toHaveLength(1);
    expect(await s.deleteRespondent('s', 'ana@example.com')).toMatchObject({ responses: 2, cases: 1, deliveries: 1 });
    expect(await s.closedLoop.listDeliveries('s', { limit: 5 })).toEqual([]);
    expect(await s.closedLoop.listCases('s', { limit: 5 }, new Date().toISOString())).toEqual([]);
  });

  it("takes an erased respondent's comment out of a chat digest, and keeps the digest's counts", async () => {
    const s = store();
    const why = { id: 'why', type: 'text', text: { en: 'Why?' } };
    await s.createSurvey(
      's',
      survey.parse({ id: 'q2', name: 'Q2', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }, why] }),
    );
    const notify = { type: 'notify', kind: 'slack', url: 'https://chat.example/hook', digest: 'hourly' };
    await s.closedLoop.createRule(
      's',
      rule.parse({ id: 'chat', name: 'Chat', match: { bands: ['detractor'] }, actions: [notify] }),
    );
    const createdAt = new Date().toISOString();
    await s.saveResponses([
      record({
        survey: 'q2',
        answers: { nps: 2, why: 'Ana here: the clerk was rude' },
        respondentEmail: 'ana@example.com',
        createdAt,
      }),
      record({ survey: 'q2', answers: { nps: 3, why: 'The queue was too long' }, createdAt }),
    ]);
    await s.deleteRespondent('s', 'ana@example.com');

    const due = await s.closedLoop.claimDeliveries({
      kinds: ['notify'],
      limit: 5,
      leaseMs: LEASE_MS,
      now: later(HOUR_MS),
    });
    expect(due).toHaveLength(1);
    const { digest } = JSON.parse(due[0]!.payload) as NotifyPayload;
    expect(digest).toMatchObject({ count: 2, scored: 2, bands: { detractor: 2 } });
    expect(digest!.comments.map((c) => c.text)).toEqual(['The queue was too long']);
    expect(due[0]!.payload).not.toContain('Ana');
  });

  it('takes the comments of responses that retention anonymises or deletes out of chat digests', async () => {
    const s = store();
    const why = { id: 'why', type: 'text', text: { en: 'Why?' } };
    await s.createSurvey(
      's',
      survey.parse({ id: 'q2', name: 'Q2', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }, why] }),
    );
    const notify = { type: 'notify', kind: 'slack', url: 'https://chat.example/hook', digest: 'daily' };
    await s.closedLoop.createRule(
      's',
      rule.parse({ id: 'chat', name: 'Chat', match: { bands: ['detractor'] }, actions: [notify] }),
    );
    const old = (day: string, text: string) =>
      record({ survey: 'q2', answers: { nps: 1, why: text }, createdAt: `${day}T10:00:00.000Z` });
    await s.saveResponses([old('2026-10-01', 'Old words one'), old('2026-10-02', 'Old words two')]);
    await s.saveResponses([old(new Date().toISOString().slice(0, 10), 'Recent words')]);
    expect(await s.applyRetention('s', '2026-10-02T00:00:00.000Z', 'delete')).toBe(1);
    expect(await s.applyRetention('s', '2026-10-03T00:00:00.000Z', 'anonymise')).toBe(1);

    const due = await s.closedLoop.claimDeliveries({
      kinds: ['notify'],
      limit: 5,
      leaseMs: LEASE_MS,
      now: later(2 * DAY_MS),
    });
    const texts = due.flatMap((d) => (JSON.parse(d.payload) as NotifyPayload).digest!.comments.map((c) => c.text));
    expect(due.length).toBeGreaterThan(0);
    expect(texts).toEqual(['Recent words']);
  });

  it('queues one reply per address in 30 days, whatever its case, and counts the replies delivered since a time', async () => {
    const s = store();
    const promoter = (email: string) =>
      record({
        answers: { nps: 10 },
        respondentEmail: email,
        vars: { contactConsent: true },
        channel: 'web',
        kiosk: null,
      });
    await s.saveResponses([promoter('ana@example.com'), promoter('ANA@example.com'), promoter('bo@example.com')]);
    await s.saveResponses([promoter('ana@example.com ')]);
    const emails = await s.closedLoop.listDeliveries('s', { kind: 'email', limit: 10 });
    expect(emails.map((d) => d.target).sort()).toEqual(['ana@example.com', 'bo@example.com']);

    const since = new Date(Date.now() - 1000).toISOString();
    expect(await s.closedLoop.countRepliesSent('s', since)).toBe(0);
    const [claimed] = await s.closedLoop.claimDeliveries({
      kinds: ['email'],
      limit: 1,
      leaseMs: LEASE_MS,
      now: later(0),
    });
    await s.closedLoop.markDelivered(claimed!.id, later(0));
    expect(await s.closedLoop.countRepliesSent('s', since)).toBe(1);
    expect(await s.closedLoop.countRepliesSent('s', later(HOUR_MS))).toBe(0);
  });
}
