import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { survey, touchpoint, type Channel } from '@touchpoint/shared';
import { Dice, rng } from '../../src/seed/random.js';
import type { HistogramRow, ResponseRecord, ScoredType, Store } from '../../src/store/store.js';
import { consistencyContract } from './consistency-contract.js';
import { modelRollupContract } from './model-rollup-contract.js';
import { pairVariablesContract } from './pair-variables-contract.js';
import { timeZoneContract } from './time-zone-contract.js';
import { variableCountsContract } from './variable-counts-contract.js';
import { variableRollupContract } from './variable-rollup-contract.js';
import { variableBinsContract } from './variable-bins-contract.js';
import { aRecord } from '../helpers/records.js';

/** Question id → type of the survey the property test writes to. */
const TYPES: Record<string, ScoredType | 'text'> = {
  nps: 'nps',
  csat: 'csat',
  ces: 'ces',
  thumb: 'thumbs',
  why: 'text',
};
const SCALE: Record<string, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7], thumb: [0, 1] };
const DAYS = ['2026-10-30', '2026-10-31', '2026-11-01'];
const TOUCHPOINTS = ['tp', 'tp2'];
const CHANNELS: Channel[] = ['web', 'kiosk'];
const TRIGGERS = [null, 'exit-intent:desktop'];
/** Operations of the random walk; enough for partial→complete merges, repeats and deletions to mix. */
const STEPS = 400;
/** 400 commits, each waiting for the disk: past the project's 30 s on PostgreSQL on a loaded machine. */
const WALK_TIMEOUT_MS = 120_000;

/** A model of what the store holds: id → the row as merged so far. */
type Model = Map<string, { record: ResponseRecord; answers: Record<string, unknown>; partial: boolean }>;

/** The histograms a full recount of the model gives. */
function recount(model: Model, qtype: ScoredType, keyOf: (r: ResponseRecord) => string): HistogramRow[] {
  const out = new Map<string, HistogramRow>();
  for (const { record, answers } of model.values()) {
    for (const [q, v] of Object.entries(answers)) {
      if (TYPES[q] !== qtype || typeof v !== 'number') continue;
      const key = keyOf(record);
      const row = out.get(`${key}|${v}`) ?? { key, value: v, count: 0 };
      row.count++;
      out.set(`${key}|${v}`, row);
    }
  }
  return sorted([...out.values()]);
}

const sorted = <T extends { key: string; value?: number }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : (a.value ?? 0) - (b.value ?? 0)));

/**
 * Score verbs of the Store contract: rollups kept current on write must equal a full recount after any
 * mix of inserts, partial→complete merges, repeats and deletions. Runs inside storeContract, whose
 * beforeEach opens `store()` with site `s`, touchpoint `tp` and survey `q`.
 */
export function scoreContract(store: () => Store): void {
  it(
    'keeps rollups equal to a full recount through inserts, merges, repeats and deletions',
    { timeout: WALK_TIMEOUT_MS },
    async () => {
      const s = store();
      await s.createTouchpoint('s', touchpoint.parse({ id: 'tp2', name: 'TP2', kind: 'web' }));
      const questions = Object.entries(TYPES).map(([id, type]) => ({ id, type, text: { en: id } }));
      await s.createSurvey('s', survey.parse({ id: 'mix', name: 'Mix', questions }));
      const dice = new Dice(rng(7));
      const model: Model = new Map();
      const answersOf = (): Record<string, unknown> => {
        const a: Record<string, unknown> = {};
        for (const [q, [min, max]] of Object.entries(SCALE)) {
          if (dice.chance(0.6)) a[q] = min + Math.floor(dice.next() * (max - min + 1));
        }
        if (dice.chance(0.3)) a.why = 'because';
        return a;
      };
      let impressions = 0;
      for (let step = 0; step < STEPS; step++) {
        const roll = dice.next();
        const known = [...model.keys()];
        if (roll < 0.45 || known.length === 0) {
          const record = aRecord({
            id: dice.uuid(),
            survey: 'mix',
            touchpoint: dice.pick(TOUCHPOINTS),
            answers: answersOf() as ResponseRecord['answers'],
            partial: dice.chance(0.4),
            locale: 'en',
            createdAt: `${dice.pick(DAYS)}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:00:00.000Z`,
            receivedAt: '2026-11-02T00:00:00.000Z',
            channel: dice.pick(CHANNELS),
            trigger: dice.pick(TRIGGERS),
            vars: { tier: dice.pick(['a', 'b']) },
            respondentId: dice.chance(0.2) ? 'who' : null,
          });
          await s.saveResponses([record]);
          model.set(record.id, { record, answers: { ...record.answers }, partial: record.partial });
        } else if (roll < 0.75) {
          // A later send of a known id: completes or extends a partial, or is a repeat of a complete one.
          const id = dice.pick(known);
          const m = model.get(id);
          if (!m) continue;
          const more = answersOf() as ResponseRecord['answers'];
          const partial = dice.chance(0.3);
          await s.saveResponses([{ ...m.record, answers: more, partial }]);
          if (m.partial) model.set(id, { ...m, answers: { ...m.answers, ...more }, partial });
        } else if (roll < 0.85) {
          const id = dice.pick(known);
          expect(await s.deleteResponse('s', id)).toBe(true);
          model.delete(id);
        } else if (roll < 0.88) {
          const gone = [...model].filter(([, m]) => m.record.respondentId === 'who').map(([id]) => id);
          expect((await s.deleteRespondent('s', 'who')).responses).toBe(gone.length);
          for (const id of gone) model.delete(id);
        } else {
          const e = {
            id: randomUUID(),
            site: 's',
            type: 'impression' as const,
            survey: 'mix',
            touchpoint: 'tp',
            channel: 'web' as const,
            trigger: null,
            createdAt: '2026-11-01T12:00:00.000Z',
            receivedAt: '2026-11-01T12:00:00.000Z',
          };
          await s.saveEvents([e, e]);
          impressions++;
        }
      }
      const window = { from: DAYS[0] as string, to: DAYS[DAYS.length - 1] as string };
      for (const qtype of ['nps', 'csat', 'ces', 'thumbs'] as const) {
        const byDay = await s.scoreHistograms('s', { ...window, qtype, groupBy: 'day' });
        expect(sorted(byDay)).toEqual(recount(model, qtype, (r) => r.createdAt.slice(0, 10)));
        const byTp = await s.scoreHistograms('s', { ...window, qtype, groupBy: 'touchpoint', channel: 'kiosk' });
        expect(sorted(byTp)).toEqual(
          recount(new Map([...model].filter(([, m]) => m.record.channel === 'kiosk')), qtype, (r) => r.touchpoint),
        );
      }
      // The scan path (taken with a variable filter) counts by the same rule as the rollups.
      const scanned = await s.scoreHistograms('s', { ...window, qtype: 'nps', groupBy: 'survey', vars: { tier: 'a' } });
      expect(sorted(scanned)).toEqual(
        recount(new Map([...model].filter(([, m]) => m.record.vars.tier === 'a')), 'nps', (r) => r.survey),
      );
      const answered = [...model.values()].filter((m) => Object.keys(m.answers).length > 0).length;
      expect(await s.responseCounts('s', { ...window, groupBy: 'none' })).toEqual([
        { key: 'all', answered, impressions },
      ]);
      expect(model.size).toBeGreaterThan(50);
    },
  );

  it('scores only the days of the window and drops a site with its rollups', async () => {
    const s = store();
    const at = (day: string, nps: number) =>
      aRecord({ answers: { nps }, createdAt: `${day}T23:59:59.999Z`, receivedAt: `${day}T23:59:59.999Z` });
    await s.saveResponses([at('2026-10-31', 1), at('2026-11-01', 9), at('2026-11-02', 10)]);
    const q = { from: '2026-11-01', to: '2026-11-01', qtype: 'nps' as const, groupBy: 'none' as const };
    expect(await s.scoreHistograms('s', q)).toEqual([{ key: 'all', value: 9, count: 1 }]);
    expect(await s.scoreHistograms('s', { ...q, qtype: 'csat' })).toEqual([]);
    await s.deleteSite('s');
    expect(await s.scoreHistograms('s', { ...q, from: '2026-10-01', to: '2026-12-01' })).toEqual([]);
  });

  it('returns respondent rows with the asked answers and variables only', async () => {
    const s = store();
    const base = {
      site: 's',
      survey: 'q',
      touchpoint: 'tp',
      partial: false,
      locale: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      receivedAt: '2026-11-01T10:00:00.000Z',
      channel: 'kiosk' as const,
      url: null,
      referrer: null,
      trigger: 'kiosk',
      kiosk: null,
      respondentId: null,
      respondentEmail: null,
      device: 'tablet',
      os: null,
      browser: null,
    };
    await s.saveResponses([
      { ...base, id: randomUUID(), answers: { nps: 7 }, vars: { segment: 'gold', buyer: true, bill: 12.5 } },
      { ...base, id: randomUUID(), answers: {}, vars: { segment: 'new' } },
    ]);
    const window = { from: '2026-11-01', to: '2026-11-01', questions: [{ survey: 'q', question: 'nps' }] };
    expect(await s.respondentRows('s', { ...window, variables: ['segment', 'missing'] })).toEqual([
      {
        survey: 'q',
        touchpoint: 'tp',
        channel: 'kiosk',
        trigger: 'kiosk',
        device: 'tablet',
        answers: { nps: 7 },
        vars: { segment: 'gold' },
      },
    ]);
    const all = await s.respondentRows('s', { ...window, variables: 'all', vars: { buyer: 'true', bill: '12.50' } });
    expect(all.map((r) => r.vars)).toEqual([{ segment: 'gold', buyer: true, bill: 12.5 }]);
    expect(await s.respondentRows('s', { ...window, variables: 'all', vars: { segment: 'new' } })).toEqual([]);
  });

  variableCountsContract(store);
  variableRollupContract(store);
  variableBinsContract(store);
  modelRollupContract(store);
  pairVariablesContract(store);
  consistencyContract(store);
  timeZoneContract(store);
}
