import { expect, it } from 'vitest';
import { survey } from '@touchpoint/shared';
import type { ScoredType, Store } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';

const WINDOW = { from: '2026-11-01', to: '2026-11-01' };
/** A receipt after any catalog edit a test makes now: answers given under the edited survey. */
const LATER = '2100-01-01T00:00:00.000Z';

/** [value, count] pairs of a type from the rollups (by touchpoint, summed) and from the scan (by device). */
async function bothPaths(s: Store, qtype: ScoredType) {
  const rows = await s.scoreHistograms('s', { ...WINDOW, qtype, groupBy: 'touchpoint' });
  const summed = new Map<number, number>();
  for (const r of rows) summed.set(r.value, (summed.get(r.value) ?? 0) + r.count);
  const spans = await s.questionTypes('s');
  const questions = [...new Set(spans.filter((x) => x.qtype === qtype).map((x) => `${x.survey}/${x.question}`))].map(
    (key) => ({ survey: key.split('/')[0] as string, question: key.split('/')[1] as string }),
  );
  const scan = await s.variableCounts('s', { ...WINDOW, questions, columns: ['device'], variables: [], qtype });
  return { rollups: [...summed].sort((a, b) => a[0] - b[0]), scan: scan.total };
}

/**
 * The consistency rule of the Store contract (issue #14): answers keep the type they were given under and
 * a survey with answers is archived, not deleted; the rollups and the scans follow it alike.
 */
export function consistencyContract(store: () => Store): void {
  it('archives a deleted survey that has answers: not listed, its answers still counted on both paths', async () => {
    const s = store();
    await s.saveResponses([8, 10, 3].map((nps) => aRecord({ answers: { nps }, device: 'tablet' })));
    expect(await s.deleteSurvey('s', 'q')).toBe(true);
    expect(await s.getSurvey('s', 'q')).toBeNull();
    expect(await s.listSurveys('s')).toEqual([]);
    expect((await s.listSurveys('s', { archived: true })).map((x) => x.id)).toEqual(['q']);
    const { rollups, scan } = await bothPaths(s, 'nps');
    expect(rollups).toEqual([
      [3, 1],
      [8, 1],
      [10, 1],
    ]);
    expect(scan).toEqual(rollups);
  });

  it('deletes a survey without answers outright, and restores an archived one when it is created again', async () => {
    const s = store();
    const empty = survey.parse({ id: 'e', name: 'E', questions: [{ id: 'c', type: 'ces', text: { en: 'C' } }] });
    await s.createSurvey('s', empty);
    expect(await s.deleteSurvey('s', 'e')).toBe(true);
    expect(await s.listSurveys('s', { archived: true })).toHaveLength(1);
    await s.saveResponses([aRecord({ answers: { nps: 9 } })]);
    await s.deleteSurvey('s', 'q');
    const again = survey.parse({ id: 'q', name: 'Q2', questions: [{ id: 'nps', type: 'nps', text: { en: 'N' } }] });
    expect(await s.createSurvey('s', again)).toBe(true);
    expect((await s.getSurvey('s', 'q'))?.name).toBe('Q2');
    expect(await s.createSurvey('s', again)).toBe(false);
  });

  it('counts answers under the type of their question when they arrived, on both paths', async () => {
    const s = store();
    const rate = (type: 'csat' | 'ces') =>
      survey.parse({ id: 'rate', name: 'Rate', questions: [{ id: 'sat', type, text: { en: 'Sat' } }] });
    await s.createSurvey('s', rate('csat'));
    await s.saveResponses([5, 5, 4].map((sat) => aRecord({ survey: 'rate', answers: { sat }, vars: { k: 'v' } })));
    await s.updateSurvey('s', rate('ces'));
    await s.saveResponses(
      [5, 1].map((sat) => aRecord({ survey: 'rate', answers: { sat }, receivedAt: LATER, vars: { k: 'v' } })),
    );
    const csat = await bothPaths(s, 'csat');
    expect(csat.rollups).toEqual([
      [4, 1],
      [5, 2],
    ]);
    expect(csat.scan).toEqual(csat.rollups);
    const ces = await bothPaths(s, 'ces');
    expect(ces.rollups).toEqual([
      [1, 1],
      [5, 1],
    ]);
    expect(ces.scan).toEqual(ces.rollups);
    // A variable filter takes the scan path of the histograms: the same rule.
    const filtered = await s.scoreHistograms('s', { ...WINDOW, qtype: 'csat', groupBy: 'none', vars: { k: 'v' } });
    expect(filtered.reduce((n, r) => n + r.count, 0)).toBe(3);
  });

  it('counts only the (survey, question) pairs a histogram query names, on the rollups and the scan', async () => {
    const s = store();
    const two = survey.parse({
      id: 'two',
      name: 'Two',
      questions: ['a', 'b'].map((id) => ({ id, type: 'nps', text: { en: id } })),
    });
    await s.createSurvey('s', two);
    await s.saveResponses([aRecord({ survey: 'two', answers: { a: 10, b: 0 }, vars: { k: 'v' } })]);
    const q = {
      ...WINDOW,
      qtype: 'nps' as const,
      groupBy: 'none' as const,
      questions: [{ survey: 'two', question: 'a' }],
    };
    expect(await s.scoreHistograms('s', q)).toEqual([{ key: 'all', value: 10, count: 1 }]);
    expect(await s.scoreHistograms('s', { ...q, vars: { k: 'v' } })).toEqual([{ key: 'all', value: 10, count: 1 }]);
    expect(await s.scoreHistograms('s', { ...q, questions: [] })).toEqual([]);
  });
}
