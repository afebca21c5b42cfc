import { expect, it } from 'vitest';
import { survey, type Channel } from '@touchpoint/shared';
import { MAX_ROLLUP_LEVELS } from '../../src/store/plan/variable-rollup.js';
import { Dice, rng } from '../../src/seed/random.js';
import type { HistogramRow, RespondentColumn, RespondentQuery, ResponseRecord, Store } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';
import { counted, tallied } from './variable-counts-contract.js';

const COLUMNS: RespondentColumn[] = ['channel', 'device', 'trigger', 'touchpoint', 'survey'];
const CHANNELS: Channel[] = ['web', 'kiosk', 'qr'];
/** Responses of the generated data set. */
const RESPONSES = 400;

const question = (id: string, type: string) => ({ id, type, text: { en: id } });

/** Histogram rows in a canonical order, zero counts left out. */
const sortedRows = (rows: readonly HistogramRow[]) =>
  rows
    .filter((r) => r.count !== 0)
    .map((r) => ({ key: r.key, value: Number(r.value), count: Number(r.count) }))
    .sort((a, b) => (a.key === b.key ? a.value - b.value : a.key < b.key ? -1 : 1));

/**
 * Variable rollups (issue #14): segments, the driver screen and single-variable `var.*` filters read from
 * them must count exactly what the scan counts — after merges of partial responses, misuse flags, a type
 * change, an archived survey, deletions and an erasure — and a recount must rebuild the same rollups. The
 * model is the scan itself (respondentRows, tallied), on generated data.
 */
export function variableRollupContract(store: () => Store): void {
  it('variable rollups count exactly what the scan counts, through merges, flags, retyping, erasure and a recount', async () => {
    const s = store();
    await s.createSurvey(
      's',
      survey.parse({ id: 'a', name: 'A', questions: [question('nps', 'nps'), question('nps2', 'nps')] }),
    );
    await s.createSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [question('nps', 'nps')] }));
    const dice = new Dice(rng(77));
    const answer = (): unknown => dice.pick([undefined, 0, 6, 7, 9, 10, 8.5, '9']);
    const make = (i: number, receivedAt: string): ResponseRecord => {
      const vars: Record<string, string | number | boolean> = {};
      if (dice.chance(0.8)) vars.segment = dice.pick(['gold', 'new', '2', '']);
      if (dice.chance(0.5)) vars.tier = dice.pick([1, 2, '2', true]);
      // More levels than the cap: rolled up until it has too many, then scan only.
      if (dice.chance(0.5)) vars.order = `o${i % (MAX_ROLLUP_LEVELS + 10)}`;
      const answers = Object.fromEntries(
        Object.entries({ nps: answer(), nps2: answer() }).filter(([, v]) => v !== undefined),
      ) as ResponseRecord['answers'];
      const day = dice.pick(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
      return aRecord({
        id: dice.uuid(),
        survey: dice.pick(['a', 'b']),
        touchpoint: dice.pick(['tp', 'tp2']),
        answers,
        partial: dice.chance(0.25),
        createdAt: `${day}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:00:00.000Z`,
        receivedAt,
        durationMs: dice.chance(0.1) ? 1 : null,
        channel: dice.pick(CHANNELS),
        trigger: dice.pick([null, 'exit-intent', 'page-view']),
        vars,
        device: dice.pick([null, 'mobile', 'desktop']),
        respondentId: dice.chance(0.05) ? 'erase-me' : null,
      });
    };
    const first = Array.from({ length: RESPONSES }, (_, i) => make(i, '2026-11-04T00:00:00.000Z'));
    await s.saveResponses(first);
    // Partial responses completed later: new answers and variables merged in (their rollups swapped).
    const completions = first
      .filter((r) => r.partial)
      .map((r) => ({ ...r, partial: false, answers: { ...r.answers, nps: 10 }, vars: { ...r.vars, tier: 2 } }));
    await s.saveResponses(completions);
    // nps2 becomes a CSAT question: answers arriving after this count as CSAT, those before stay NPS.
    await s.updateSurvey(
      's',
      survey.parse({ id: 'a', name: 'A', questions: [question('nps', 'nps'), question('nps2', 'csat')] }),
    );
    await s.saveResponses(Array.from({ length: RESPONSES / 4 }, (_, i) => make(i, '2099-01-01T00:00:00.000Z')));
    await s.deleteResponse('s', first[3]!.id);
    await s.deleteRespondent('s', 'erase-me');
    // Survey b archived (it has answers): they keep counting.
    await s.deleteSurvey('s', 'b');

    const window = { from: '2026-11-01', to: '2026-11-02' };
    const queries: Omit<RespondentQuery, 'variables'>[] = [
      {
        ...window,
        qtype: 'nps',
        questions: [
          { survey: 'a', question: 'nps' },
          { survey: 'b', question: 'nps' },
        ],
      },
      { ...window, qtype: 'nps', questions: [{ survey: 'a', question: 'nps2' }] },
      { ...window, qtype: 'nps', channel: 'web', questions: [{ survey: 'b', question: 'nps' }] },
    ];
    const check = async (source: 'rollup' | 'scan') => {
      for (const q of queries) {
        const asked = ['nobody', 'segment', 'tier'];
        const rows = await s.respondentRows('s', { ...q, variables: asked });
        expect(await counted(s, { ...q, columns: COLUMNS, variables: asked })).toEqual(tallied(rows, COLUMNS, asked));
        expect((await s.variableCounts('s', { ...q, columns: COLUMNS, variables: asked })).source).toBe(source);
        // `order` went over the cap: every query naming it (or all variables) scans, with the same counts.
        const all = await s.respondentRows('s', { ...q, variables: 'all' });
        const names = [...new Set(all.flatMap((r) => Object.keys(r.vars)))].sort();
        expect(await counted(s, { ...q, columns: COLUMNS, variables: 'all' })).toEqual(tallied(all, COLUMNS, names));
        expect((await s.variableCounts('s', { ...q, columns: [], variables: ['order'] })).source).toBe('scan');
        // A single-variable filter: the histogram by touchpoint from the rollups equals the scan's tally.
        for (const value of ['gold', '2']) {
          const filtered = await s.respondentRows('s', { ...q, variables: [], vars: { segment: value } });
          const expected = new Map<string, HistogramRow>();
          for (const r of filtered)
            for (const v of Object.values(r.answers)) {
              const key = `${r.touchpoint}\u0000${v}`;
              const row = expected.get(key) ?? { key: r.touchpoint, value: v, count: 0 };
              row.count++;
              expected.set(key, row);
            }
          const histogram = await s.scoreHistograms('s', {
            ...q,
            qtype: 'nps',
            vars: { segment: value },
            groupBy: 'touchpoint',
          });
          expect(sortedRows(histogram)).toEqual(sortedRows([...expected.values()]));
        }
      }
    };
    await check('rollup');
    expect((await s.respondentRows('s', { ...queries[0]!, variables: [] })).length).toBeGreaterThan(50);
    // A recount rebuilds the same rollups (the path migration 017 leaves existing sites to).
    expect(await s.rebuildVariableRollups('s')).toBeGreaterThan(RESPONSES);
    await check('rollup');
  });
}
