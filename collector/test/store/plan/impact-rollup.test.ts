import { describe, expect, it } from 'vitest';
import { rollupDeltas } from '../../../src/store/plan/rollup-contribution.js';
import type { QuestionTypesAt } from '../../../src/store/plan/type-at-arrival.js';

/** nps and nps2 are NPS, sat CSAT, eff CES; `was` was CSAT until 2026-11-01T12:00, NPS since. */
const types: QuestionTypesAt = {
  typeAt: (_survey, question, at) =>
    question === 'was'
      ? at < '2026-11-01T12:00:00.000Z'
        ? 'csat'
        : 'nps'
      : (({ nps: 'nps', nps2: 'nps', sat: 'csat', eff: 'ces', why: 'text' } as Record<string, string>)[question] ??
        null),
};

const row = {
  site: 's',
  survey: 'q',
  touchpoint: 'tp',
  channel: 'web',
  trigger: null,
  created_at: '2026-11-01T10:00:00.000Z',
  received_at: '2026-11-01T10:00:00.000Z',
  answers: { nps: 9, sat: 4, eff: 2, why: 'ok' } as Record<string, unknown>,
  device: null,
  vars: {},
};

describe('impact rollup deltas', () => {
  it('pairs each rating answer with each NPS answer of the response, typed as they were on arrival', () => {
    const pairs = rollupDeltas(row, 1, types, 'UTC').impact.map((d) => [
      d.question,
      d.qtype,
      d.value,
      d.npsQuestion,
      d.npsValue,
      d.count,
    ]);
    expect(pairs).toEqual([
      ['sat', 'csat', 4, 'nps', 9, 1],
      ['eff', 'ces', 2, 'nps', 9, 1],
    ]);
    // Taken out with the same keys, negative.
    const out = rollupDeltas(row, -1, types, 'UTC').impact;
    expect(out.map((d) => d.count)).toEqual([-1, -1]);
    expect(out.map((d) => d.key)).toEqual(rollupDeltas(row, 1, types, 'UTC').impact.map((d) => d.key));
  });

  it('keeps no pair without an NPS answer, for a non-integer answer, or for a flagged response', () => {
    expect(rollupDeltas({ ...row, answers: { sat: 4, eff: 2 } }, 1, types, 'UTC').impact).toEqual([]);
    expect(rollupDeltas({ ...row, answers: { sat: 4, nps: 8.5 } }, 1, types, 'UTC').impact).toEqual([]);
    expect(rollupDeltas({ ...row, flagged: 1 }, 1, types, 'UTC').impact).toEqual([]);
  });

  it('counts a retyped question under the type it had when the response arrived', () => {
    const before = rollupDeltas({ ...row, answers: { was: 3, nps2: 10 } }, 1, types, 'UTC').impact;
    expect(before.map((d) => [d.question, d.qtype, d.npsQuestion])).toEqual([['was', 'csat', 'nps2']]);
    const after = { ...row, received_at: '2026-11-01T13:00:00.000Z', answers: { was: 3, sat: 5 } };
    expect(rollupDeltas(after, 1, types, 'UTC').impact.map((d) => [d.question, d.npsQuestion])).toEqual([
      ['sat', 'was'],
    ]);
  });
});
