import { describe, expect, it } from 'vitest';
import { bandOf, casePatch, rule } from '../src/closed-loop.js';

describe('score bands', () => {
  it('bands NPS as promoters 9–10, passives 7–8 and detractors 0–6', () => {
    const bands = [0, 6, 7, 8, 9, 10].map((s) => bandOf('nps', s));
    expect(bands).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('bands CSAT 4–5 / 3 / 1–2, CES 5–7 / 4 / 1–3 and smiley 4 / 3 / 1–2', () => {
    const csat = [1, 2, 3, 4, 5].map((s) => bandOf('csat', s));
    expect(csat).toEqual(['detractor', 'detractor', 'passive', 'promoter', 'promoter']);
    expect([3, 4, 5, 7].map((s) => bandOf('ces', s))).toEqual(['detractor', 'passive', 'promoter', 'promoter']);
    expect([1, 2, 3, 4].map((s) => bandOf('smiley', s))).toEqual(['detractor', 'detractor', 'passive', 'promoter']);
  });
});

describe('rule schema', () => {
  it('defaults a rule to active and to the NPS scale', () => {
    expect(rule.parse({ id: 'r', name: 'R', actions: [{ type: 'case' }] })).toMatchObject({
      active: true,
      match: { scale: 'nps' },
    });
  });

  it('rejects a rule without actions and a reply template without a locale', () => {
    expect(rule.safeParse({ id: 'r', name: 'R', actions: [] }).success).toBe(false);
    const reply = { type: 'reply', subject: {}, body: { en: 'Hi' } };
    expect(rule.safeParse({ id: 'r', name: 'R', actions: [reply] }).success).toBe(false);
  });

  it('rejects a case change that changes nothing', () => {
    expect(casePatch.safeParse({}).success).toBe(false);
    expect(casePatch.safeParse({ assignee: null }).success).toBe(true);
  });
});
