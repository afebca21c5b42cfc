import { describe, expect, it } from 'vitest';
import { contribution, impressionDeltas, rollupDeltas } from '../../../src/store/plan/rollup-contribution.js';

const row = {
  site: 's',
  survey: 'q',
  touchpoint: 'tp',
  channel: 'web',
  trigger: 'exit',
  created_at: '2026-11-01T23:59:59.000Z',
  received_at: '2026-11-02T00:00:01.000Z',
  answers: { nps: 9, why: 'Quick', thumbs: 1 } as Record<string, unknown>,
  device: 'mobile',
  vars: { tier: 'gold' } as Record<string, unknown>,
};
/** Survey `q`: `nps` an NPS question, `why` a text one; `thumbs` in no survey. */
const types = {
  typeAt: (survey: string, question: string) =>
    survey !== 'q' ? null : question === 'nps' ? 'nps' : question === 'why' ? 'text' : null,
};

describe('rollup contribution', () => {
  it('counts a response on its UTC day, answered once, with each integer answer as a score', () => {
    expect(contribution(row, 'UTC')).toEqual({
      day: '2026-11-01',
      answered: 1,
      scores: [
        ['nps', 9],
        ['thumbs', 1],
      ],
    });
  });

  it('counts a response on its local day in the site time zone (23:59 UTC is 18:59 in New York, 00:59 in Berlin)', () => {
    expect(contribution(row, 'America/New_York')?.day).toBe('2026-11-01');
    expect(contribution(row, 'Europe/Berlin')?.day).toBe('2026-11-02');
    const late = { ...row, created_at: '2026-11-02T04:30:00.000Z' }; // 23:30 on Nov 1 in New York (EST)
    expect(rollupDeltas(late, 1, types, 'America/New_York').counts[0]?.day).toBe('2026-11-01');
    expect(rollupDeltas(late, 1, types, 'UTC').counts[0]?.day).toBe('2026-11-02');
  });

  it('counts an impression on its local day', () => {
    const e = {
      id: 'e',
      site: 's',
      type: 'impression' as const,
      survey: 'q',
      touchpoint: 'tp',
      channel: 'web' as const,
      trigger: null,
      createdAt: '2026-11-02T04:30:00.000Z',
      receivedAt: '2026-11-02T04:30:00.000Z',
    };
    expect(impressionDeltas(e, 'America/New_York').counts[0]?.day).toBe('2026-11-01');
  });

  it('counts a flagged response for nothing', () => {
    expect(contribution({ ...row, flagged: 1 }, 'UTC')).toBeNull();
    expect(rollupDeltas({ ...row, flagged: true }, 1, types, 'UTC')).toEqual({
      scores: [],
      counts: [],
      vars: [],
      impact: [],
    });
  });

  it('turns a stored response into +1 deltas per score bucket with the question type the survey gives', () => {
    const d = rollupDeltas(row, 1, types, 'UTC');
    expect(d.scores.map((s) => [s.question, s.value, s.qtype, s.count])).toEqual([
      ['nps', 9, 'nps', 1],
      ['thumbs', 1, '', 1],
    ]);
    expect(d.counts).toEqual([
      expect.objectContaining({ day: '2026-11-01', trigger: 'exit', answered: 1, impressions: 0 }),
    ]);
  });

  it('gives a removed response −1 deltas with the same keys as its +1 ones, so they cancel', () => {
    const added = rollupDeltas(row, 1, types, 'UTC');
    const removed = rollupDeltas(row, -1, types, 'UTC');
    expect(removed.scores.map((s) => [s.key, s.count])).toEqual(added.scores.map((s) => [s.key, -1]));
    expect(removed.counts.map((c) => [c.key, c.answered])).toEqual(added.counts.map((c) => [c.key, -1]));
  });

  it('keeps buckets of different values, days and triggers apart', () => {
    const keys = [
      rollupDeltas(row, 1, types, 'UTC'),
      rollupDeltas({ ...row, answers: { nps: 8 } }, 1, types, 'UTC'),
      rollupDeltas({ ...row, created_at: '2026-11-02T00:00:00.000Z' }, 1, types, 'UTC'),
    ].map((d) => d.scores[0]!.key);
    expect(new Set(keys).size).toBe(3);
    const exit = rollupDeltas(row, 1, types, 'UTC').counts[0]!.key;
    expect(rollupDeltas({ ...row, trigger: null }, 1, types, 'UTC').counts[0]!.key).not.toBe(exit);
  });

  it('counts an answer as the type its question had when the response arrived, in a bucket of that type', () => {
    // `nps` was a CSAT question until 2026-11-02T00:00:00Z, an NPS question from then on.
    const history = {
      typeAt: (_survey: string, _question: string, receivedAt: string) =>
        receivedAt < '2026-11-02T00:00:00.000Z' ? 'csat' : 'nps',
    };
    const before = rollupDeltas({ ...row, received_at: '2026-11-01T23:59:59.000Z' }, 1, history, 'UTC').scores[0]!;
    const after = rollupDeltas(row, 1, history, 'UTC').scores[0]!;
    expect([before.qtype, after.qtype]).toEqual(['csat', 'nps']);
    expect(before.key).not.toBe(after.key);
  });

  it('counts a response without answers in no bucket at all', () => {
    expect(rollupDeltas({ ...row, answers: {} }, 1, types, 'UTC')).toEqual({
      scores: [],
      counts: [],
      vars: [],
      impact: [],
    });
  });

  it('counts an impression in its day and trigger bucket, with no trigger as ""', () => {
    const e = {
      id: 'e',
      site: 's',
      type: 'impression' as const,
      survey: 'q',
      touchpoint: 'tp',
      channel: 'web' as const,
      trigger: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      receivedAt: '2026-11-01T10:00:00.000Z',
    };
    expect(impressionDeltas(e, 'UTC').counts).toEqual([
      expect.objectContaining({ day: '2026-11-01', trigger: '', answered: 0, impressions: 1 }),
    ]);
  });

  it('counts each scored answer once per (variable, level), device and trigger included, levels as JSON text', () => {
    const d = rollupDeltas({ ...row, vars: { tier: 2, code: '2', vip: true, none: null } }, 1, types, 'UTC');
    const levels = d.vars
      .filter((v) => v.question === 'nps' && !v.pair)
      .map((v) => [v.variable, v.level, v.value, v.count]);
    expect(levels).toEqual([
      ['#device', '"mobile"', 9, 1],
      ['#trigger', '"exit"', 9, 1],
      ['tier', '2', 9, 1],
      ['code', '"2"', 9, 1],
      ['vip', 'true', 9, 1],
      ['none', 'null', 9, 1],
    ]);
    // And one pair delta per two variables with a value (migration 025): `none` has none.
    const pairs = d.vars.filter((v) => v.question === 'nps' && v.pair).map((v) => `${v.variable}×${v.pair?.variable}`);
    expect(pairs.sort()).toEqual(
      [
        '#device×#trigger',
        '#device×code',
        '#device×tier',
        '#device×vip',
        '#trigger×code',
        '#trigger×tier',
        '#trigger×vip',
        'code×tier',
        'code×vip',
        'tier×vip',
      ].sort(),
    );
    // Every variable delta extends its score delta's key: rows of one score bucket and level sum together.
    expect(new Set(d.vars.map((v) => v.key)).size).toBe(d.vars.length);
    expect(d.vars.every((v) => v.qtype === (v.question === 'nps' ? 'nps' : ''))).toBe(true);
    const removed = rollupDeltas({ ...row, vars: { tier: 2, code: '2', vip: true, none: null } }, -1, types, 'UTC');
    expect(removed.vars.map((v) => [v.key, v.count])).toEqual(d.vars.map((v) => [v.key, -1]));
    expect(
      rollupDeltas({ ...row, device: null, trigger: null }, 1, types, 'UTC')
        .vars.slice(0, 2)
        .map((v) => v.level),
    ).toEqual(['null', 'null']);
  });
});
