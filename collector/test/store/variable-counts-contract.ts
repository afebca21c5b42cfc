import { expect, it } from 'vitest';
import { survey, type Channel } from '@touchpoint/shared';
import { Dice, rng } from '../../src/seed/random.js';
import type {
  RespondentColumn,
  RespondentQuery,
  RespondentRow,
  ResponseRecord,
  Store,
  ValueCounts,
  VariableCounts,
} from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';

const COLUMNS: RespondentColumn[] = ['channel', 'device', 'trigger', 'touchpoint', 'survey'];
const CHANNELS: Channel[] = ['web', 'kiosk', 'qr'];
/** Responses of the random data set. */
const RESPONSES = 300;

/** [answer, count] pairs ascending, values sorted by their JSON: a canonical form to compare counts in. */
export function canonical(values: readonly ValueCounts[]): ValueCounts[] {
  return values
    .map((v) => ({ value: v.value, answers: [...v.answers].sort((a, b) => a[0] - b[0]) }))
    .sort((a, b) => (JSON.stringify(a.value) < JSON.stringify(b.value) ? -1 : 1));
}

/** What variableCounts must return, tallied from respondentRows of the same query (the row-based path). */
export function tallied(
  rows: readonly RespondentRow[],
  columns: readonly RespondentColumn[],
  names: string[],
): Omit<VariableCounts, 'source'> {
  const tally = (valueOf: (r: RespondentRow) => ValueCounts['value']): ValueCounts[] => {
    const out = new Map<string, ValueCounts>();
    for (const r of rows) {
      for (const answer of Object.values(r.answers)) {
        const value = valueOf(r);
        const entry = out.get(JSON.stringify(value)) ?? { value, answers: [] };
        const pair = entry.answers.find(([a]) => a === answer);
        if (pair) pair[1]++;
        else entry.answers.push([answer, 1]);
        out.set(JSON.stringify(value), entry);
      }
    }
    return canonical([...out.values()]);
  };
  return {
    total: tally(() => null)[0]?.answers ?? [],
    columns: columns.map((name) => ({ name, values: tally((r) => r[name] ?? null) })),
    vars: names.map((name) => ({ name, values: tally((r) => r.vars[name] ?? null) })),
  };
}

/** variableCounts with every list in canonical order. */
export async function counted(
  s: Store,
  query: Parameters<Store['variableCounts']>[1],
): Promise<Omit<VariableCounts, 'source'>> {
  const c = await s.variableCounts('s', query);
  return {
    total: [...c.total].sort((a, b) => a[0] - b[0]),
    columns: c.columns.map((x) => ({ name: x.name, values: canonical(x.values) })),
    vars: [...c.vars].sort((a, b) => (a.name < b.name ? -1 : 1)).map((x) => ({ ...x, values: canonical(x.values) })),
  };
}

/**
 * variableCounts must count exactly the respondents respondentRows returns: flagged responses out,
 * non-integer answers out, one count per scored answer, respondents without a variable under null.
 */
export function variableCountsContract(store: () => Store): void {
  it('counts by (value, answer) exactly the respondents that respondentRows returns', async () => {
    const s = store();
    const question = (id: string, type: string) => ({ id, type, text: { en: id } });
    await s.createSurvey(
      's',
      survey.parse({
        id: 'a',
        name: 'A',
        questions: [question('nps', 'nps'), question('nps2', 'nps'), question('why', 'text')],
      }),
    );
    await s.createSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [question('nps', 'nps')] }));
    const dice = new Dice(rng(21));
    const answer = (): unknown => dice.pick([undefined, 0, 6, 7, 9, 10, 10, 8.5, '9', true]);
    const records: ResponseRecord[] = [];
    for (let i = 0; i < RESPONSES; i++) {
      const answers: Record<string, unknown> = { nps: answer(), nps2: answer(), why: 'x' };
      const vars: Record<string, string | number | boolean> = {};
      if (dice.chance(0.8)) vars.segment = dice.pick(['gold', 'new', '', '2']);
      if (dice.chance(0.7)) vars.bill = Math.round(dice.next() * 10_000) / 100;
      if (dice.chance(0.5)) vars.tier = dice.pick([1, 2, '2', true]);
      if (dice.chance(0.05)) vars.rare = 'yes';
      const day = dice.pick(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
      records.push(
        aRecord({
          id: dice.uuid(),
          survey: dice.pick(['a', 'b']),
          answers: Object.fromEntries(
            Object.entries(answers).filter(([, v]) => v !== undefined),
          ) as ResponseRecord['answers'],
          partial: dice.chance(0.2),
          createdAt: `${day}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:00:00.000Z`,
          receivedAt: '2026-11-04T00:00:00.000Z',
          // Too fast to be a person: flagged by the misuse filter, so it must not count.
          durationMs: dice.chance(0.15) ? 1 : null,
          channel: dice.pick(CHANNELS),
          trigger: dice.pick([null, '', 'exit-intent']),
          vars,
          device: dice.pick([null, 'mobile', 'desktop']),
        }),
      );
    }
    await s.saveResponses(records);
    const base: Omit<RespondentQuery, 'variables'> = {
      from: '2026-11-01',
      to: '2026-11-02',
      questions: [
        { survey: 'a', question: 'nps' },
        { survey: 'a', question: 'nps2' },
        { survey: 'b', question: 'nps' },
      ],
    };
    const queries: Omit<RespondentQuery, 'variables'>[] = [
      base,
      { ...base, questions: [{ survey: 'b', question: 'nps' }] },
      { ...base, channel: 'web', vars: { segment: 'gold' } },
      { ...base, questions: [] },
    ];
    for (const q of queries) {
      const all = await s.respondentRows('s', { ...q, variables: 'all' });
      const names = [...new Set(all.flatMap((r) => Object.keys(r.vars)))].sort();
      // rawValues: `bill` has passed the level cap and has stored bin edges; this compares raw values (the
      // binned counts have their own contract, variable-bins-contract.ts).
      expect(await counted(s, { ...q, columns: COLUMNS, variables: 'all', rawValues: true })).toEqual(
        tallied(all, COLUMNS, names),
      );
      const asked = ['bill', 'nobody', 'tier'];
      const some = await s.respondentRows('s', { ...q, variables: asked });
      expect(await counted(s, { ...q, columns: ['device'], variables: asked, rawValues: true })).toEqual(
        tallied(some, ['device'], asked),
      );
    }
    const rows = await s.respondentRows('s', { ...base, variables: 'all' });
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length).toBeLessThan(records.length / 2);
  });
}
