import { describe, expect, it } from 'vitest';
import { rule, survey, type Rule } from '@touchpoint/shared';
import { defaultRules } from '../../src/closed-loop/default-rules.js';
import { contactOf, evaluate, verbatimOf } from '../../src/closed-loop/evaluate.js';
import type { ResponseRecord } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';

const shop = survey.parse({
  id: 's',
  name: 'S',
  questions: [
    { id: 'csat', type: 'csat', text: { en: 'Satisfied?' } },
    { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
    { id: 'more', type: 'text', text: { en: 'Anything else?' } },
    { id: 'mail', type: 'contact', text: { en: 'E-mail?' } },
  ],
});

const response = (over: Partial<ResponseRecord> = {}): ResponseRecord =>
  aRecord({
    id: 'r1',
    site: 'shop',
    survey: 's',
    touchpoint: 'store-12',
    answers: { nps: 10, mail: 'ana@example.com' },
    locale: 'en',
    receivedAt: '2026-11-01T10:00:01.000Z',
    channel: 'kiosk',
    ...over,
  });
const run = (r: ResponseRecord, rules: Rule[] = defaultRules()) =>
  evaluate({ response: r, survey: shop, touchpointName: 'Store 12', rules });

describe('rule evaluation', () => {
  it('plans one reply with a referral link for a promoter when the rule names a referral URL', () => {
    const rules = defaultRules();
    const thanks = rules[0]!.actions[0]!;
    if (thanks.type === 'reply') thanks.referralUrl = 'https://shop.example/invite?src=mail';
    const plan = run(response({ vars: { name: 'Ana' } }), rules);
    expect(plan.openCase).toBeNull();
    expect(plan.reply).toMatchObject({
      rule: 'thank-you',
      to: 'ana@example.com',
      subject: 'Thank you for your feedback',
    });
    expect(plan.reply!.text).toContain('Hi Ana,');
    expect(plan.reply!.text).toContain('Store 12 10 out of 10');
    expect(plan.reply!.text).toContain('https://shop.example/invite?src=mail&ref=r1');
  });

  it('opens a case and sends no thank-you for a detractor', () => {
    const plan = run(response({ answers: { nps: 4, why: 'Slow', mail: 'x@example.com' } }));
    expect(plan.reply).toBeNull();
    expect(plan.openCase).toEqual({ score: { question: 'nps', value: 4, band: 'detractor' } });
  });

  it('matches nothing with bands when the response has no score on the scale', () => {
    expect(run(response({ answers: { csat: 1 } }))).toEqual({ reply: null, openCase: null, webhooks: [], notify: [] });
  });

  it('matches CSAT bands, channels, touchpoints and variables, all of them', () => {
    const r = rule.parse({
      id: 'unhappy-gold',
      name: 'Unhappy gold members in stores',
      match: {
        scale: 'csat',
        bands: ['detractor'],
        channels: ['kiosk'],
        touchpoints: ['store-12'],
        vars: { tier: 'gold' },
      },
      actions: [{ type: 'case' }, { type: 'webhook', endpoint: 'crm' }],
    });
    const gold = response({ answers: { csat: 2 }, vars: { tier: 'gold' } });
    expect(run(gold, [r])).toMatchObject({
      openCase: { score: { value: 2, band: 'detractor' } },
      webhooks: [{ rule: 'unhappy-gold', endpoint: 'crm' }],
    });
    expect(run({ ...gold, vars: { tier: 'blue' } }, [r]).openCase).toBeNull();
    expect(run({ ...gold, channel: 'web' }, [r]).openCase).toBeNull();
    expect(run({ ...gold, touchpoint: 'checkout' }, [r]).openCase).toBeNull();
    expect(run({ ...gold, answers: { csat: 3 } }, [r]).openCase).toBeNull();
    expect(run(gold, [{ ...r, active: false }]).openCase).toBeNull();
  });

  it('takes consent from a contact answer, or from contactConsent with an identified e-mail', () => {
    expect(contactOf(response(), shop)).toBe('ana@example.com');
    const identified = response({ answers: { nps: 9 }, respondentEmail: 'bo@example.com' });
    expect(contactOf(identified, shop)).toBeNull();
    expect(contactOf({ ...identified, vars: { contactConsent: 'yes' } }, shop)).toBe('bo@example.com');
    expect(contactOf({ ...identified, vars: { contactConsent: false } }, shop)).toBeNull();
  });

  it('joins the free-text answers of a response into its verbatim', () => {
    expect(verbatimOf(response({ answers: { why: 'Slow till', more: 'Cold coffee' } }), shop)).toBe(
      'Slow till\n\nCold coffee',
    );
    expect(verbatimOf(response({ answers: { nps: 1 } }), shop)).toBeNull();
  });
});
