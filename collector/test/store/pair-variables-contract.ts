import { expect, it } from 'vitest';
import { Analysis } from '../../src/analysis/analysis.js';
import { Models } from '../../src/analysis/models.js';
import { Dice, rng } from '../../src/seed/random.js';
import type { ResponseRecord, Store } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';

/** Variables every response carries, in this order: more than a site crosses when it names none. */
const VARIABLES = Array.from({ length: 14 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
const WINDOW = { from: '2026-11-01', to: '2026-11-02', metric: 'nps' as const };

/** A reply without where it came from. */
function counts<T extends { source: string; sourceNote: string }>(reply: T): Omit<T, 'source' | 'sourceNote'> {
  const { source: _source, sourceNote: _note, ...rest } = reply;
  return rest;
}

/** Expects two replies equal, numbers to a relative 1e-9 (the rollups add the same sums in another order). */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
      expect.fail(`${path}: ${actual} is not ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object' || actual === null || typeof actual !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

/**
 * settings.pairVariables (issue #14): a site that names the variables its pairwise rollups cross gets
 * multivariable drivers from rollups for those, whichever it saw first; changing the setting counts the
 * site's pairs again, so a rollup model always equals the scan.
 */
export function pairVariablesContract(store: () => Store): void {
  it('crosses the variables a site names in settings.pairVariables, and counts its pairs again when they change', async () => {
    const s = store();
    const models = new Models(s, new Analysis(s));
    const dice = new Dice(rng(25));
    const make = (receivedAt: string, partial = false, upTo = VARIABLES.length): ResponseRecord =>
      aRecord({
        answers: { nps: dice.pick([0, 4, 7, 8, 9, 10, 10]) },
        partial,
        createdAt: `2026-11-0${dice.pick([1, 2])}T${String(10 + Math.floor(dice.next() * 10))}:00:00.000Z`,
        receivedAt,
        device: dice.pick(['mobile', 'desktop']),
        // v01–v11 always there, the others (up to `upTo`) now and then.
        vars: Object.fromEntries(
          VARIABLES.slice(0, upTo)
            .filter((_, i) => i < 11 || dice.chance(0.8))
            .map((v) => [v, dice.pick(['a', 'b', 'c'])]),
        ) as ResponseRecord['vars'],
      });
    const model = async (variables: string, source?: 'rollup' | 'scan') => {
      const q = { ...WINDOW, variables, minLevelN: 1 };
      const rolled = await models.multivariableDrivers('s', q);
      if (source) expect(rolled.source, `${variables}: ${rolled.sourceNote}`).toBe(source);
      const scanned = await models.multivariableDrivers('s', q, true);
      expect(scanned.drivers.length, variables).toBe(variables.split(',').length);
      expectClose(counts(rolled), counts(scanned));
    };
    const setPairs = async (pairVariables: string[] | null) => {
      const site = (await s.getSite('s'))!;
      expect(await s.updateSite({ ...site, settings: { ...site.settings, pairVariables } })).toBe(true);
      expect((await s.getSite('s'))!.settings.pairVariables).toEqual(pairVariables);
    };

    // Named none: the first 12 seen are crossed (device and v01–v11, all a first commit carries), v13 and v14 not.
    await s.saveResponses(Array.from({ length: 20 }, () => make('2026-11-03T00:00:00.000Z', false, 11)));
    const first = Array.from({ length: 120 }, () => make('2026-11-03T00:00:00.000Z', dice.chance(0.2)));
    await s.saveResponses(first);
    await model('var.v01,var.v02,device', 'rollup');
    await model('var.v13,var.v14', 'scan');

    await setPairs(['var.v13', 'var.v14', 'var.v01', 'device']);
    await model('var.v13,var.v14,var.v01,device', 'rollup');
    await model('var.v01,var.v02', 'scan');
    // Written with the setting: new responses, and partial ones completed with another level (their pairs move).
    await s.saveResponses(Array.from({ length: 60 }, () => make('2026-11-04T00:00:00.000Z')));
    await s.saveResponses(
      first
        .filter((r) => r.partial)
        .map((r) => ({ ...r, partial: false, answers: { nps: 10 }, vars: { ...r.vars, v13: 'merged' } })),
    );
    await s.deleteResponse('s', first[5]!.id);
    await model('var.v13,var.v14,var.v01,device', 'rollup');
    await model('var.v14,device', 'rollup');

    // Back to the first ones seen: the pairs counted again (which 12 a recount sees first is the store's order).
    await setPairs(null);
    await model('var.v01,var.v02,device');
    await model('var.v13,var.v14');
    await model('var.v12,var.v13,var.v14,device');
    // None crossed: a model of two variables scans; one variable needs no pairs.
    await setPairs([]);
    await model('var.v01,device', 'scan');
    await model('var.v01', 'rollup');
  }, 120_000);
}
