import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '@touchpoint/shared';
import { planResponse, stableJson, type WritePlan } from '../../../src/store/plan/response-plan.js';
import { aRecord } from '../../helpers/records.js';
import { detractorRule, planSite } from './fixtures.js';

const now = '2026-11-01T10:00:00.000Z';
const noKioskAnswers = { near: () => [] };

/** A port reporting `n` clean answers of the kiosk given `ms` before `at` (negative: after). */
const kioskAnswers = (n: number, at: string, ms = 1000) => ({
  near: () =>
    Array.from({ length: n }, (_, i) => ({
      id: `k${i}`,
      createdAt: new Date(Date.parse(at) - ms - i).toISOString(),
      flagged: false,
    })),
});

/** A stored response as a store reads it back. */
const stored = (over: Partial<StoredResponse> = {}): StoredResponse => ({
  ...aRecord({ id: 'r1', answers: { nps: 2 }, partial: true }),
  updatedAt: now,
  flagged: false,
  flagReason: null,
  ...over,
});

const plan = (
  record = aRecord(),
  existing: StoredResponse | null = null,
  site = planSite({ rules: [detractorRule] }),
) => planResponse({ record, existing, recent: noKioskAnswers, site, now });

const as = <K extends WritePlan['kind']>(p: WritePlan, kind: K) => {
  expect(p.kind).toBe(kind);
  return p as Extract<WritePlan, { kind: K }>;
};

describe('write plan of a response', () => {
  it('inserts a new response with its e-mail and contact keys, its rollups and its closed-loop steps', () => {
    const record = aRecord({ answers: { nps: 2, email: ' Ana@Example.com' }, respondentEmail: 'Bo@Example.com' });
    const p = as(plan(record), 'insert');
    expect(p.row).toMatchObject({
      flagged: false,
      flagReason: null,
      emailKey: 'bo@example.com',
      contactKey: 'ana@example.com',
    });
    expect(p.rollups.scores).toEqual([expect.objectContaining({ question: 'nps', value: 2, qtype: 'nps', count: 1 })]);
    expect(p.loop.map((s) => s.kind)).toEqual(['reply', 'case', 'webhook']);
  });

  it('names the stored kiosk answers a late-arriving earlier answer makes part of a burst, for the store to flag', () => {
    const record = aRecord({ kiosk: 'k1', answers: { nps: 2 } });
    // Two answers given after this one (which arrives last) but within the burst window: the second of
    // them now has two priors, so it is a burst; this one has none and stays clean.
    const p = as(
      planResponse({ record, existing: null, recent: kioskAnswers(2, record.createdAt, -1000), site: null, now }),
      'insert',
    );
    expect(p.row.flagged).toBe(false);
    expect(p.burstsAfter).toEqual(['k0']);
  });

  it('inserts a misuse-flagged response with no rollups and no closed-loop steps', () => {
    const p = as(plan(aRecord({ answers: { nps: 2 }, durationMs: 50 })), 'insert');
    expect(p.row).toMatchObject({ flagged: true, flagReason: 'too-fast' });
    expect(p.rollups).toEqual({ scores: [], counts: [], vars: [], impact: [] });
    expect(p.loop).toEqual([]);
  });

  it('calls a repeat of a complete response a duplicate, and an id of another survey a conflict', () => {
    const done = stored({ partial: false });
    expect(plan(aRecord({ id: 'r1', answers: { nps: 5 } }), done)).toEqual({
      kind: 'none',
      outcome: { id: 'r1', status: 'duplicate' },
    });
    expect(plan(aRecord({ id: 'r1', survey: 'other' }), done)).toEqual({
      kind: 'none',
      outcome: { id: 'r1', status: 'conflict' },
    });
  });

  it('calls a partial sent again with nothing new a duplicate, whatever the order of its keys', () => {
    const existing = stored({ answers: { nps: 2, why: 'x' } });
    const again = aRecord({ id: 'r1', answers: { why: 'x', nps: 2 }, partial: true });
    expect(plan(again, existing)).toEqual({ kind: 'none', outcome: { id: 'r1', status: 'duplicate' } });
  });

  it('merges the completion of a partial: answers joined, old rollups out, new in, rules run once', () => {
    const existing = stored({ answers: { why: 'Slow' }, respondentId: 'kept' });
    const completion = aRecord({
      id: 'r1',
      answers: { nps: 2 },
      respondentId: 'other',
      receivedAt: '2026-11-01T10:05:00.000Z',
    });
    const p = as(plan(completion, existing), 'merge');
    expect(p.merge).toMatchObject({
      answers: { nps: 2, why: 'Slow' },
      partial: false,
      updatedAt: '2026-11-01T10:05:00.000Z',
    });
    expect(stableJson(p.merge.answers)).toBe('{"nps":2,"why":"Slow"}');
    expect(p.rollups.counts.map((c) => c.answered)).toEqual([-1, 1]);
    expect(p.rollups.scores.map((s) => [s.question, s.count])).toEqual([['nps', 1]]);
    expect(p.loop.map((s) => s.kind)).toEqual(['case', 'webhook']);
    const matched = p.loop[1] as { payload: string };
    const sent = JSON.parse(matched.payload) as { data: { response: StoredResponse } };
    // the response as the merge leaves it stored: the first respondent id stays
    expect(sent.data.response).toMatchObject({
      answers: { nps: 2, why: 'Slow' },
      partial: false,
      respondentId: 'kept',
    });
  });

  it('judges a completed kiosk response as a whole, against the kiosk answers the port reports', () => {
    const existing = stored({ kiosk: 'k1', answers: {} });
    const p = planResponse({
      record: aRecord({ id: 'r1', answers: { nps: 2 } }),
      existing,
      recent: kioskAnswers(2, existing.createdAt),
      site: planSite({ rules: [detractorRule] }),
      now,
    });
    const merge = as(p, 'merge');
    expect(merge.merge).toMatchObject({ flagged: true, flagReason: 'burst' });
    expect(merge.rollups).toEqual({ scores: [], counts: [], vars: [], impact: [] });
    expect(merge.loop).toEqual([]);
  });

  it('plans an insert for an unknown site without closed-loop steps (the store refuses the row)', () => {
    const p = as(
      planResponse({
        record: aRecord({ answers: { nps: 1 } }),
        existing: null,
        recent: noKioskAnswers,
        site: null,
        now,
      }),
      'insert',
    );
    expect(p.loop).toEqual([]);
    expect(p.row.contactKey).toBeNull();
  });
});
