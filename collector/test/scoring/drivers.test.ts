import { describe, expect, it } from 'vitest';
import { drivers, type DriverInput } from '../../src/scoring/drivers.js';

/** `count` rows with the same score and variables. */
const rows = (count: number, score: number, vars: DriverInput['vars']): DriverInput[] =>
  Array.from({ length: count }, () => ({ score, vars }));

describe('driver analysis', () => {
  it('finds η² = 1 when a variable perfectly explains the score', () => {
    const data = [...rows(10, 100, { tier: 'gold' }), ...rows(10, -100, { tier: 'silver' })];
    const [tier] = drivers(data);
    expect(tier).toMatchObject({ variable: 'tier', n: 20, etaSquared: 1, etaSquaredAdjusted: 1 });
    expect(tier?.best).toEqual({ level: 'gold', n: 10, mean: 100 });
    expect(tier?.worst).toEqual({ level: 'silver', n: 10, mean: -100 });
  });

  it('finds η² = 0 when a variable explains nothing', () => {
    // both levels hold five +100s and five −100s: equal means, SS_between = 0
    const data = [
      ...rows(5, 100, { device: 'mobile' }),
      ...rows(5, -100, { device: 'mobile' }),
      ...rows(5, 100, { device: 'desktop' }),
      ...rows(5, -100, { device: 'desktop' }),
    ];
    const [device] = drivers(data);
    expect(device?.etaSquared).toBe(0);
    expect(device?.etaSquaredAdjusted).toBe(0);
  });

  it('computes η² = 0.8 and ε² = 0.7 for a small worked example', () => {
    // A: 2, 4 (mean 3); B: 6, 8 (mean 7); grand mean 5
    // SS_total = 9 + 1 + 1 + 9 = 20; SS_between = 2·4 + 2·4 = 16 → η² = 0.8
    // ε² = 1 − (SS_within/(N − k)) / (SS_total/(N − 1)) = 1 − (4/2)/(20/3) = 0.7
    const data = [2, 4].map((score) => ({ score, vars: { g: 'A' } }));
    data.push(...[6, 8].map((score) => ({ score, vars: { g: 'B' } })));
    const [g] = drivers(data, { minLevelN: 1 });
    expect(g?.etaSquared).toBeCloseTo(0.8, 12);
    expect(g?.etaSquaredAdjusted).toBeCloseTo(0.7, 12);
    expect(g?.levels.map((l) => [l.level, l.mean])).toEqual([
      ['B', 7],
      ['A', 3],
    ]);
  });

  it('ranks variables by how much they explain', () => {
    const data = [
      ...rows(10, 100, { tier: 'gold', device: 'mobile' }),
      ...rows(10, 100, { tier: 'gold', device: 'desktop' }),
      ...rows(10, -100, { tier: 'silver', device: 'mobile' }),
      ...rows(10, 0, { tier: 'silver', device: 'desktop' }),
    ];
    expect(drivers(data).map((d) => d.variable)).toEqual(['tier', 'device']);
  });

  it('does not let a many-level variable outrank a real driver by chance', () => {
    // 'shelf' has 20 levels of 2 rows each and no effect; scores are uniform noise on ±100 (fixed-seed
    // Lehmer generator), so its raw η² is large by chance alone ((k − 1)/(N − 1) ≈ 0.49 expected; 0.53
    // here). 'buyer' truly shifts the score by 40 (η² 0.27) and must rank first on ε² (0.25 vs 0.08).
    let seed = 123456789;
    const noise = (): number => {
      seed = (seed * 48271) % 2147483647;
      return (seed / 2147483647) * 200 - 100;
    };
    const data = Array.from({ length: 40 }, (_, i) => ({
      score: noise() + (i % 2 === 0 ? 40 : 0),
      vars: { shelf: `s${Math.floor(i / 2) % 20}`, buyer: i % 2 === 0 },
    }));
    const ranked = drivers(data, { minLevelN: 2 });
    const shelf = ranked.find((d) => d.variable === 'shelf');
    const buyer = ranked.find((d) => d.variable === 'buyer');
    expect(ranked[0]?.variable).toBe('buyer');
    expect(shelf?.etaSquared).toBeGreaterThan(buyer?.etaSquared ?? 1);
    expect(shelf?.etaSquaredAdjusted ?? 1).toBeLessThan(buyer?.etaSquaredAdjusted ?? 0);
  });

  it('leaves out levels with too few respondents and says which', () => {
    const data = [
      ...rows(10, 100, { region: 'north' }),
      ...rows(10, 0, { region: 'south' }),
      ...rows(3, -100, { region: 'east' }),
    ];
    const [region] = drivers(data);
    expect(region?.n).toBe(20);
    expect(region?.levels.map((l) => l.level)).toEqual(['north', 'south']);
    expect(region?.droppedLevels).toEqual(['east']);
    expect(region?.etaSquared).toBe(1);
  });

  it('treats respondents without the variable as a "(missing)" level', () => {
    const data = [...rows(10, 100, { segment: 'vip' }), ...rows(10, -100, {})];
    const [segment] = drivers(data);
    expect(segment?.worst?.level).toBe('(missing)');
  });

  it('bins a numeric variable and finds its effect', () => {
    // bill 1..100, score rises with the bill bin: perfectly explained by the bins
    const data = Array.from({ length: 100 }, (_, i) => ({ score: Math.floor(i / 20) * 25, vars: { bill: i + 1 } }));
    const [bill] = drivers(data);
    expect(bill?.kind).toBe('numeric');
    expect(bill?.etaSquared).toBeCloseTo(1, 12);
    expect(bill?.best?.level).toBe('≥ 81');
    expect(bill?.worst?.level).toBe('< 21');
  });

  it('gives null η² with a single level or no variation, and ranks such variables last', () => {
    const data = [...rows(10, 50, { same: 'x', flat: 'a' }), ...rows(10, 50, { same: 'x', flat: 'b' })];
    const result = drivers(data, { variables: ['same', 'flat'] });
    expect(result.map((d) => [d.variable, d.etaSquared])).toEqual([
      ['flat', null],
      ['same', null],
    ]);
  });

  it('analyses only the variables asked for', () => {
    const data = rows(10, 1, { a: 'x', b: 'y' });
    expect(drivers(data, { variables: ['b'] }).map((d) => d.variable)).toEqual(['b']);
  });

  it('rejects a score that is not a finite number', () => {
    expect(() => drivers([{ score: Number.NaN, vars: {} }])).toThrow(RangeError);
  });
});
