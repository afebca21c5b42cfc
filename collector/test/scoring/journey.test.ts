import { describe, expect, it } from 'vitest';
import { journeyMap, type JourneyInput } from '../../src/scoring/journey.js';

const tp = (key: string, stage: string | null, score: number | null, lowSample = false): JourneyInput => ({
  key,
  stage,
  score,
  lowSample,
});

describe('journey map', () => {
  it('orders stages as the site lists them and measures each touchpoint against the top fifth', () => {
    // Ten ranked touchpoints: the top fifth is the best two (60 and 50), benchmark 55.
    const list = [
      tp('ad', 'discover', 10),
      tp('blog', 'discover', 20),
      tp('compare', 'consider', 30),
      tp('checkout', 'buy', 60),
      tp('cart', 'buy', 50),
      tp('delivery', 'receive', 40),
      tp('app', 'use', 0),
      tp('manual', 'use', -10),
      tp('chat', 'get-help', 15),
      tp('phone', null, 25),
      tp('tiny', 'buy', 100, true),
    ];
    const map = journeyMap(['discover', 'consider', 'buy', 'receive', 'use', 'get-help'], list);
    expect(map).toMatchObject({ benchmark: 55, benchmarkOf: 2 });
    expect(map.stages.map((s) => s.stage)).toEqual(['discover', 'consider', 'buy', 'receive', 'use', 'get-help']);
    const buy = map.stages[2]?.touchpoints ?? [];
    expect(buy.map((t) => [t.key, t.benchmarkGap])).toEqual([
      ['tiny', null],
      ['checkout', 5],
      ['cart', -5],
    ]);
    expect(map.stages[0]?.touchpoints.map((t) => [t.key, t.benchmarkGap])).toEqual([
      ['blog', -35],
      ['ad', -45],
    ]);
    expect(map.unstaged).toMatchObject([{ key: 'phone', benchmarkGap: -30 }]);
  });

  it('appends stages the site does not list, keeps empty stages, and has no benchmark without ranked touchpoints', () => {
    const map = journeyMap(['discover', 'buy'], [tp('x', 'after-sales', 10, true), tp('y', 'buy', null)]);
    expect(map.stages.map((s) => [s.stage, s.touchpoints.length])).toEqual([
      ['discover', 0],
      ['buy', 1],
      ['after-sales', 1],
    ]);
    expect(map).toMatchObject({ benchmark: null, benchmarkOf: 0 });
    expect(map.stages[1]?.touchpoints[0]?.benchmarkGap).toBeNull();
  });

  it('takes at least one touchpoint as the benchmark', () => {
    const map = journeyMap([], [tp('a', null, 40), tp('b', null, 20)]);
    expect(map).toMatchObject({ benchmark: 40, benchmarkOf: 1 });
    expect(map.unstaged.map((t) => t.benchmarkGap)).toEqual([0, -20]);
  });
});
