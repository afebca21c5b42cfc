import { expect, it } from 'vitest';
import { touchpoint, type Improvement } from '@touchpoint/shared';
import type { ResponseRecord, Store } from '../../src/store/store.js';

/** When the contract's notices are sent, and the start of the one-e-mail-per-address interval before it. */
const AT = '2026-11-20T08:00:00.000Z';
const SINCE = '2026-10-21T08:00:00.000Z';

/**
 * The "you said, we did" part of the Store contract (store.improvements), run inside storeContract on its
 * site 's' (touchpoint 'tp', survey 'q'); `record` builds a complete response.
 */
export function improvementContract(
  store: () => Store,
  record: (over?: Partial<ResponseRecord>) => ResponseRecord,
): void {
  const improvement = (over: Partial<Improvement> = {}): Improvement => ({
    id: `imp-${Math.random().toString(36).slice(2, 10)}`,
    touchpoint: null,
    title: 'Faster checkout',
    body: 'Two more tills on weekends',
    day: '2026-11-20',
    theme: null,
    caseIds: [],
    createdAt: AT,
    ...over,
  });
  const mail = (to: string) => ({ to, subject: 'You said, we did: Faster checkout', text: 'Two more tills' });
  const notice = (improvementId: string, responseId: string, to = 'p@example.com') => ({
    site: 's',
    improvementId,
    responseId,
    mail: mail(to),
    at: AT,
    since: SINCE,
  });

  it('keeps improvements newest day first; a touchpoint’s list has its own and the site-wide ones', async () => {
    const s = store();
    await s.createTouchpoint('s', touchpoint.parse({ id: 'tp2', name: 'TP2', kind: 'store' }));
    const site = improvement({ day: '2026-11-10' });
    const atTp = improvement({ touchpoint: 'tp', day: '2026-11-12', caseIds: ['c1', 'c2'] });
    const atTp2 = improvement({ touchpoint: 'tp2', day: '2026-11-15', theme: 'queues' });
    for (const i of [site, atTp, atTp2]) await s.improvements.create('s', i);
    expect(await s.improvements.get('s', atTp.id)).toEqual(atTp);
    expect(await s.improvements.get('s', 'nope')).toBeNull();
    expect((await s.improvements.list('s', { limit: 10 })).map((i) => i.id)).toEqual([atTp2.id, atTp.id, site.id]);
    expect((await s.improvements.list('s', { limit: 2 })).map((i) => i.id)).toEqual([atTp2.id, atTp.id]);
    expect((await s.improvements.list('s', { touchpoint: 'tp', limit: 10 })).map((i) => i.id)).toEqual([
      atTp.id,
      site.id,
    ]);
  });

  it('changes only the fields an update names, and deletes', async () => {
    const s = store();
    const i = improvement({ touchpoint: 'tp', caseIds: ['c1'] });
    await s.improvements.create('s', i);
    const changed = await s.improvements.update('s', i.id, { title: 'Even faster checkout', touchpoint: null });
    expect(changed).toEqual({ ...i, title: 'Even faster checkout', touchpoint: null });
    expect(await s.improvements.get('s', i.id)).toEqual(changed);
    expect(await s.improvements.update('s', i.id, { caseIds: [], theme: 'queues' })).toEqual({
      ...i,
      title: 'Even faster checkout',
      touchpoint: null,
      caseIds: [],
      theme: 'queues',
    });
    expect(await s.improvements.update('s', 'nope', { title: 'x' })).toBeNull();
    expect(await s.improvements.delete('s', i.id)).toBe(true);
    expect(await s.improvements.delete('s', i.id)).toBe(false);
    expect(await s.improvements.list('s', { limit: 10 })).toEqual([]);
  });

  it('queues a notice e-mail once per improvement and response, in the outbox', async () => {
    const s = store();
    const i = improvement();
    await s.improvements.create('s', i);
    const r = record();
    await s.saveResponses([r]);
    expect(await s.improvements.notify(notice(i.id, r.id))).toBe('queued');
    expect(await s.improvements.notify(notice(i.id, r.id))).toBe('already-told');
    expect(await s.improvements.noticeCounts('s')).toEqual(new Map([[i.id, 1]]));
    const mails = await s.closedLoop.listDeliveries('s', { kind: 'email', limit: 10 });
    expect(mails.map((d) => [d.event, d.target, d.status])).toEqual([['improvement', 'p@example.com', 'pending']]);
  });

  it('sends one notice when the same one is asked for from two collectors at once', async () => {
    const s = store();
    const i = improvement();
    await s.improvements.create('s', i);
    const r = record();
    await s.saveResponses([r]);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => s.improvements.notify(notice(i.id, r.id))));
    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(1);
    expect(await s.closedLoop.listDeliveries('s', { kind: 'email', limit: 10 })).toHaveLength(1);
  });

  it('mails an address once within the interval, even for two improvements at once', async () => {
    const s = store();
    const [a, b, c] = [improvement(), improvement(), improvement()];
    for (const i of [a, b, c]) await s.improvements.create('s', i);
    const [r1, r2] = [record(), record()];
    await s.saveResponses([r1, r2]);
    const outcomes = await Promise.all([
      s.improvements.notify(notice(a.id, r1.id, 'P@Example.com')),
      s.improvements.notify(notice(b.id, r2.id, 'p@example.COM')),
    ]);
    expect(outcomes.sort()).toEqual(['queued', 'recently-mailed']);
    // Outside the interval, the address may be told again.
    expect(await s.improvements.notify(notice(c.id, r1.id))).toBe('recently-mailed');
    const later = { ...notice(c.id, r1.id), at: '2027-01-01T00:00:00.000Z', since: '2026-12-02T00:00:00.000Z' };
    expect(await s.improvements.notify(later)).toBe('queued');
  });

  it('sends no notice to an address that opted out, whatever its case', async () => {
    const s = store();
    const i = improvement();
    await s.improvements.create('s', i);
    const r = record();
    await s.saveResponses([r]);
    await s.improvements.optOut('s', ' P@example.COM ', AT);
    await s.improvements.optOut('s', 'p@example.com', AT);
    expect(await s.improvements.notify(notice(i.id, r.id))).toBe('opted-out');
    expect(await s.improvements.noticeCounts('s')).toEqual(new Map());
  });

  it('finds no theme complaints where no comment was analysed', async () => {
    expect(
      await store().improvements.themeComplaints('s', {
        theme: 'queues',
        touchpoint: null,
        sinceDay: '2026-01-01',
        limit: 10,
      }),
    ).toEqual([]);
  });
}
