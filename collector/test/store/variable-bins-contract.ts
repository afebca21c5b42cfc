import { expect, it } from 'vitest';
import { survey } from '@touchpoint/shared';
import { binsOfEdges } from '../../src/scoring/binning.js';
import { Dice, rng } from '../../src/seed/random.js';
import type { RespondentQuery, RespondentRow, ResponseRecord, Store, ValueCounts } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';
import { canonical } from './variable-counts-contract.js';

/** Responses of the generated data set, saved in BATCHES commits. */
const RESPONSES = 600;
const BATCHES = 6;

const question = (id: string, type: string) => ({ id, type, text: { en: id } });

/**
 * The model: respondent rows' `bill` counted in the bins of `edges`, written without the store's code —
 * a bin is the number of edges at or below the value; no value, '' and text no number reads from are null.
 */
function binnedByHand(rows: readonly RespondentRow[], edges: readonly number[]) {
  const labels = binsOfEdges(edges).map((b) => b.label);
  const out = new Map<string, ValueCounts>();
  let unparseable = 0;
  for (const r of rows) {
    const raw = r.vars.bill;
    const text = typeof raw === 'string' ? raw.trim() : null;
    const x =
      typeof raw === 'number' ? raw : text !== null && text !== '' && !Number.isNaN(Number(text)) ? Number(text) : null;
    const unreadable = x === null && raw !== undefined && raw !== null && raw !== '';
    const value = x === null ? null : (labels[edges.filter((e) => x >= e).length] as string);
    for (const answer of Object.values(r.answers)) {
      if (unreadable) unparseable++;
      const entry = out.get(String(value)) ?? { value, answers: [] };
      const pair = entry.answers.find(([a]) => a === answer);
      if (pair) pair[1]++;
      else entry.answers.push([answer, 1]);
      out.set(String(value), entry);
    }
  }
  return { values: canonical([...out.values()]), unparseable };
}

/**
 * Numeric variables in the variable rollups (issue #14): a bill value with hundreds of distinct values passes
 * the level cap and is binned at cut points stored once; the rollups' counts per bin must equal a scan of
 * the responses binned at the same edges by hand, stray text counted as missing and reported, with and
 * without a second filter (which scans), and after a recount (which keeps the edges).
 */
export function variableBinsContract(store: () => Store): void {
  it('bins a numeric variable past the level cap at stored edges: rollups equal a scan binned at them', async () => {
    const s = store();
    await s.createSurvey('s', survey.parse({ id: 'a', name: 'A', questions: [question('nps', 'nps')] }));
    const dice = new Dice(rng(19));
    const make = (): ResponseRecord => {
      const vars: Record<string, string | number | boolean> = {
        segment: dice.pick(['gold', 'new']),
        region: dice.pick(['north', 'south']),
      };
      const roll = dice.next();
      if (roll < 0.8) vars.bill = Math.round(Math.exp(3.5 + dice.normal()) * 100) / 100;
      else if (roll < 0.82) vars.bill = dice.pick(['n/a', '-']);
      else if (roll < 0.9) vars.bill = String(Math.round(dice.next() * 300));
      const day = dice.pick(['2026-11-01', '2026-11-02', '2026-11-03']);
      return aRecord({
        id: dice.uuid(),
        survey: 'a',
        touchpoint: dice.pick(['tp', 'tp2']),
        answers: { nps: Math.floor(dice.next() * 11) },
        createdAt: `${day}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:00:00.000Z`,
        receivedAt: '2026-11-04T00:00:00.000Z',
        vars,
      });
    };
    for (let b = 0; b < BATCHES; b++) await s.saveResponses(Array.from({ length: RESPONSES / BATCHES }, make));

    const q: Omit<RespondentQuery, 'variables'> = {
      from: '2026-11-01',
      to: '2026-11-02',
      qtype: 'nps',
      questions: [{ survey: 'a', question: 'nps' }],
    };
    const rolled = await s.variableCounts('s', { ...q, columns: [], variables: ['bill', 'segment'] });
    expect(rolled.source).toBe('rollup');
    const bill = rolled.vars.find((v) => v.name === 'bill');
    const edges = bill?.bins?.edges ?? [];
    expect(edges.length).toBeGreaterThanOrEqual(2);
    expect([...edges].sort((a, b) => a - b)).toEqual(edges);
    const check = async (filter: Record<string, string>, source: 'rollup' | 'scan') => {
      const counts = await s.variableCounts('s', { ...q, vars: filter, columns: [], variables: ['bill'] });
      expect(counts.source).toBe(source);
      const rows = await s.respondentRows('s', { ...q, vars: filter, variables: ['bill'] });
      const expected = binnedByHand(rows, edges);
      expect(rows.length).toBeGreaterThan(20);
      const got = counts.vars[0];
      expect({ values: canonical(got?.values ?? []), unparseable: got?.bins?.unparseable }).toEqual(expected);
      expect(got?.bins?.edges).toEqual(edges);
    };
    await check({}, 'rollup');
    expect(bill?.bins?.unparseable).toBeGreaterThan(0);
    // Two variables crossed: a scan, binned at the same stored edges.
    await check({ segment: 'gold', region: 'north' }, 'scan');
    // Raw values asked for (segments with bins=N): the scan's own values, no stored bins.
    const raw = await s.variableCounts('s', { ...q, columns: [], variables: ['bill'], rawValues: true });
    expect(raw.source).toBe('scan');
    expect(raw.vars[0]?.bins).toBeUndefined();
    expect(raw.vars[0]?.values.some((v) => typeof v.value === 'number')).toBe(true);
    // Later answers land in the stored bins; a recount keeps the edges and counts the same.
    await s.saveResponses(Array.from({ length: 50 }, make));
    await check({}, 'rollup');
    await s.rebuildVariableRollups('s');
    await check({}, 'rollup');
  });

  it('lets a site raise its level cap: a variable with more levels stays rolled up by value', async () => {
    const s = store();
    await s.createSurvey('s', survey.parse({ id: 'a', name: 'A', questions: [question('nps', 'nps')] }));
    const site = await s.getSite('s');
    if (!site) throw new Error('no site s');
    const save = () =>
      s.saveResponses(
        Array.from({ length: 80 }, (_, i) =>
          aRecord({
            survey: 'a',
            answers: { nps: i % 11 },
            createdAt: '2026-11-01T12:00:00.000Z',
            vars: { store: `store-${i}` },
          }),
        ),
      );
    const q = {
      from: '2026-11-01',
      to: '2026-11-01',
      qtype: 'nps' as const,
      questions: [{ survey: 'a', question: 'nps' }],
      columns: [],
      variables: ['store'],
    };
    await save();
    // 80 store names: over the default cap of 50 and not numeric, so scan only.
    expect((await s.variableCounts('s', q)).source).toBe('scan');
    await s.updateSite({ ...site, settings: { ...site.settings, rollupLevelCap: 200 } });
    // The raised cap recounts the site's variable rollups: the variable is rolled up again, with every answer.
    const after = await s.variableCounts('s', q);
    expect(after.source).toBe('rollup');
    expect(after.vars[0]?.values).toHaveLength(80);
    await save();
    const again = await s.variableCounts('s', q);
    expect(again.source).toBe('rollup');
    expect(again.total.reduce((n, [, c]) => n + c, 0)).toBe(160);
  });
}
