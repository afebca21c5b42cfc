import { describe, expect, it } from 'vitest';
import { loopSteps, webhookStep } from '../../../src/store/plan/closed-loop.js';
import { aRecord } from '../../helpers/records.js';
import { detractorRule, planSite } from './fixtures.js';

const now = '2026-11-01T10:00:00.000Z';
const detractor = aRecord({ id: 'r1', answers: { nps: 2, why: 'Slow till', email: 'Ana@Example.com' } });

describe('closed-loop steps of a write plan', () => {
  it('queues response.created for a new row and, once complete, response.completed, to their subscribers', () => {
    const site = planSite({
      subscribers: [
        ['response.created', ['a']],
        ['response.completed', ['a', 'b']],
      ],
    });
    const steps = loopSteps(site, null, detractor, now);
    expect(steps.map((s) => (s.kind === 'webhook' ? [s.event, s.targets] : s.kind))).toEqual([
      ['response.created', ['a']],
      ['response.completed', ['a', 'b']],
    ]);
    const payload = JSON.parse((steps[0] as { payload: string }).payload) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'response.created',
      site: 's',
      createdAt: now,
      data: { response: { id: 'r1' } },
    });
  });

  it('runs no rules while the response is partial, and none again for a merge into a complete one', () => {
    const site = planSite({ rules: [detractorRule] });
    expect(loopSteps(site, null, { ...detractor, partial: true }, now)).toEqual([]);
    expect(loopSteps(site, { partial: false }, detractor, now)).toEqual([]);
  });

  it('plans a reply, a case due after the site SLA and the rule webhook, in that order', () => {
    const site = planSite({ rules: [detractorRule], slaHours: 24, subscribers: [['case.opened', ['ops']]] });
    const steps = loopSteps(site, { partial: true }, detractor, now);
    expect(steps.map((s) => s.kind)).toEqual(['reply', 'case', 'webhook']);
    expect(steps[0]).toMatchObject({
      mail: { to: 'Ana@Example.com', subject: 'Sorry' },
      address: 'ana@example.com',
      since: expect.stringMatching(/^2026-10-/),
    });
    expect(steps[1]).toEqual({
      kind: 'case',
      opening: {
        site: 's',
        responseId: 'r1',
        touchpoint: 'tp',
        score: 2,
        band: 'detractor',
        verbatim: 'Slow till',
        contact: 'Ana@Example.com',
        openedAt: now,
        dueAt: '2026-11-02T10:00:00.000Z',
      },
      notify: ['ops'],
    });
    expect(steps[2]).toMatchObject({ kind: 'webhook', event: 'rule.matched', targets: ['crm'] });
  });

  it('sends a rule webhook only to an active endpoint, and nothing to an event nobody subscribed to', () => {
    const site = planSite();
    expect(webhookStep(site, 's', 'rule.matched', {}, now, 'gone')).toBeNull();
    expect(webhookStep(site, 's', 'rule.matched', {}, now, 'crm')).toMatchObject({ targets: ['crm'] });
    expect(webhookStep(site, 's', 'response.created', {}, now)).toBeNull();
  });
});
