import { describe, expect, it } from 'vitest';
import { crossesFirstSeen, pairScope, pairVariablesChanged } from '../../../src/store/plan/pair-scope.js';
import { rollupDeltas } from '../../../src/store/plan/rollup-contribution.js';
import { MAX_PAIR_VARIABLES } from '../../../src/store/plan/variable-rollup.js';

const row = {
  site: 's',
  survey: 'q',
  touchpoint: 'tp',
  channel: 'web',
  trigger: 'exit',
  created_at: '2026-11-01T10:00:00.000Z',
  received_at: '2026-11-01T10:00:00.000Z',
  answers: { nps: 9 } as Record<string, unknown>,
  device: 'mobile',
  vars: { tier: 'gold', bill: 12.5, region: 'north', none: null } as Record<string, unknown>,
};
const types = { typeAt: () => 'nps' };
/** The pairs a response's deltas cross, as `a×b` in name order. */
const pairsOf = (scope?: Parameters<typeof rollupDeltas>[4]) =>
  rollupDeltas(row, 1, types, 'UTC', scope)
    .vars.filter((d) => d.pair)
    .map((d) => `${d.variable}×${d.pair?.variable}`)
    .sort();
const crossed = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`x${i}`, true] as const));

describe('pair scope: the variables a site crosses, for the write plan', () => {
  it('builds a pair delta only where both variables are crossed, and none for binned or scan-only ones', () => {
    // Every present variable without a scope: C(5, 2) = 10 pairs (`none` has no value).
    expect(pairsOf()).toHaveLength(10);
    const scope = pairScope({
      registered: new Map([
        ['#device', true],
        ['tier', true],
        ['region', false],
        ['bill', true],
      ]),
      notOwn: new Set(['bill']),
      named: null,
    });
    // #trigger is new and a slot is left; region is refused, bill binned.
    expect(pairsOf(scope)).toEqual(['#device×#trigger', '#device×tier', '#trigger×tier']);
  });

  it('crosses a variable first seen while a slot is left, and none once the site has MAX_PAIR_VARIABLES', () => {
    const open = pairScope({ registered: crossed(MAX_PAIR_VARIABLES - 1), notOwn: new Set(), named: null });
    expect(open.crosses('tier')).toBe(true);
    const full = pairScope({ registered: crossed(MAX_PAIR_VARIABLES), notOwn: new Set(), named: null });
    expect(full.crosses('tier')).toBe(false);
    expect(full.crosses('x3')).toBe(true);
    expect(crossesFirstSeen('tier', false, null, 0)).toBe(false);
  });

  it('crosses exactly the variables a site names, whatever it saw first', () => {
    const scope = pairScope({
      registered: crossed(MAX_PAIR_VARIABLES),
      notOwn: new Set(['bill']),
      named: ['device', 'var.tier', 'var.bill'],
    });
    expect(scope.crosses('#device')).toBe(true);
    expect(scope.crosses('tier')).toBe(true);
    expect(scope.crosses('#trigger')).toBe(false);
    expect(scope.crosses('bill')).toBe(false);
    expect(pairsOf(scope)).toEqual(['#device×tier']);
    expect(crossesFirstSeen('tier', true, new Set(), 0)).toBe(false);
  });

  it('tells a change of settings.pairVariables from the same list in another order', () => {
    expect(pairVariablesChanged(undefined, null)).toBe(false);
    expect(pairVariablesChanged(['device', 'var.a'], ['var.a', 'device'])).toBe(false);
    expect(pairVariablesChanged(null, [])).toBe(true);
    expect(pairVariablesChanged(['device'], ['trigger'])).toBe(true);
    expect(pairVariablesChanged(['device', 'var.a'], ['device'])).toBe(true);
  });
});
