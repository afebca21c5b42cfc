import { describe, expect, it } from 'vitest';
import type { DriverInput } from '../../src/scoring/drivers.js';
import { drivers } from '../../src/scoring/drivers.js';
import {
  multivariableDrivers,
  multivariableDriversOfCells,
  MAX_SHAPLEY_DRIVERS,
  type DriverCell,
} from '../../src/scoring/multivariable-drivers.js';
import { Dice, rng } from '../../src/seed/random.js';

/** NPS respondents of one store and channel: promoters score +100, passives 0, detractors −100. */
function cell(store: string, channel: string, promoters: number, passives: number, detractors: number): DriverInput[] {
  const at = (score: number, n: number) =>
    Array.from({ length: n }, () => ({ score, vars: { touchpoint: store, channel } }));
  return [...at(100, promoters), ...at(0, passives), ...at(-100, detractors)];
}

/**
 * Simpson's paradox as in issue #14: at every store the kiosk scores 15 NPS points under QR, but the
 * kiosks stand mostly at the best store, so pooled the kiosk looks best.
 *   store A: QR n 20 NPS 70, kiosk n 200 NPS 55; store B: QR n 200 NPS 20, kiosk n 20 NPS 5;
 *   store C: QR n 200 NPS 0, kiosk n 20 NPS −15.
 */
const simpson = [
  ...cell('store-a', 'qr', 15, 4, 1), // (15 − 1)/20 = 70
  ...cell('store-a', 'kiosk', 130, 50, 20), // 110/200 = 55
  ...cell('store-b', 'qr', 80, 80, 40), // 40/200 = 20
  ...cell('store-b', 'kiosk', 6, 9, 5), // 1/20 = 5
  ...cell('store-c', 'qr', 60, 80, 60), // 0
  ...cell('store-c', 'kiosk', 4, 9, 7), // −3/20 = −15
];

describe('multivariable drivers', () => {
  it('calls the kiosk worse than QR within stores although pooled it looks best (Simpson’s paradox)', () => {
    // The one-variable screen reads the pooled means: kiosk best.
    const screen = drivers(simpson, { variables: ['channel'] });
    expect(screen[0]?.best?.level).toBe('kiosk');

    const model = multivariableDrivers(simpson, { variables: ['channel', 'touchpoint'] });
    const channel = model.drivers.find((d) => d.variable === 'channel');
    expect(channel?.best?.level).toBe('qr');
    expect(channel?.worst?.level).toBe('kiosk');
    const kiosk = channel?.levels.find((l) => l.level === 'kiosk');
    const qr = channel?.levels.find((l) => l.level === 'qr');
    // The data are exactly additive in the cell means: the within-store gap is exactly 15 points.
    expect((qr?.adjustedMean ?? 0) - (kiosk?.adjustedMean ?? 0)).toBeCloseTo(15, 9);
    // Raw means stay what they are: kiosk 44.75 ((110 + 1 − 3)/240 · 100), QR 12.9 ((14 + 40)/420 · 100).
    expect(kiosk?.mean).toBeCloseTo((100 * 108) / 240, 9);
    expect(qr?.mean).toBeCloseTo((100 * 54) / 420, 9);
    // Adjusted means are at the respondents' own mix of stores, so their n-weighted mean is the overall
    // mean (least squares fits the mean): kiosk = overall − 15 · 420/660.
    const overall = simpson.reduce((s, r) => s + r.score, 0) / simpson.length;
    expect(kiosk?.adjustedMean).toBeCloseTo(overall - (15 * 420) / 660, 9);
    expect(kiosk?.low).toBeLessThan(kiosk?.adjustedMean ?? 0);
    expect(kiosk?.high).toBeGreaterThan(kiosk?.adjustedMean ?? 0);
  });

  it('reads a kiosk 13–18 points worse at every store as a gap between 13 and 18', () => {
    const rows = [
      ...cell('store-a', 'qr', 15, 4, 1), // 70
      ...cell('store-a', 'kiosk', 132, 50, 18), // 57: 13 under
      ...cell('store-b', 'qr', 80, 80, 40), // 20
      ...cell('store-b', 'kiosk', 6, 9, 5), // 5: 15 under
      ...cell('store-c', 'qr', 60, 80, 60), // 0
      ...cell('store-c', 'kiosk', 10, 21, 19), // −18: 18 under
    ];
    const channel = multivariableDrivers(rows, { variables: ['channel'] }).drivers[0];
    const gap =
      (channel?.levels.find((l) => l.level === 'qr')?.adjustedMean ?? 0) -
      (channel?.levels.find((l) => l.level === 'kiosk')?.adjustedMean ?? 0);
    // Least squares weighs the stores' gaps (13, 15, 18), so the common gap lies strictly between.
    expect(gap).toBeGreaterThan(13);
    expect(gap).toBeLessThan(18);
    expect(channel?.best?.level).toBe('qr');
  });

  it('splits R² into Shapley shares that add up to the model’s R², with unique shares no larger', () => {
    const model = multivariableDrivers(simpson, { variables: ['channel', 'touchpoint'] });
    const total = model.drivers.reduce((s, d) => s + d.shapley, 0);
    expect(total).toBeCloseTo(model.r2, 12);
    for (const d of model.drivers) {
      expect(d.unique).toBeLessThanOrEqual(d.shapley + 1e-12);
      expect(d.unique).toBeGreaterThan(0);
    }
    // Two players: Shapley = ½(R²(alone) + R²(full) − R²(other alone)), checked against the one-variable η².
    const eta = (v: string) => drivers(simpson, { variables: [v], minLevelN: 1 })[0]?.etaSquared ?? 0;
    const channel = model.drivers.find((d) => d.variable === 'channel');
    expect(channel?.shapley).toBeCloseTo((eta('channel') + model.r2 - eta('touchpoint')) / 2, 12);
    expect(channel?.unique).toBeCloseTo(model.r2 - eta('touchpoint'), 12);
  });

  it('gives a variable that copies another no unique share, and the two split what they explain', () => {
    const rows = simpson.map((r) => ({ ...r, vars: { ...r.vars, copy: r.vars.channel } }));
    const model = multivariableDrivers(rows, { variables: ['channel', 'copy'] });
    const [a, b] = model.drivers;
    expect(a?.unique).toBeCloseTo(0, 12);
    expect(b?.unique).toBeCloseTo(0, 12);
    expect(a?.shapley).toBeCloseTo(b?.shapley ?? -1, 12);
    expect((a?.shapley ?? 0) + (b?.shapley ?? 0)).toBeCloseTo(model.r2, 12);
  });

  it('gives no adjusted mean to a level never seen beside another at one touchpoint', () => {
    const rows = [...simpson, ...cell('store-d', 'phone', 20, 0, 0)];
    const channel = multivariableDrivers(rows, { variables: ['channel'] }).drivers[0];
    const phone = channel?.levels.find((l) => l.level === 'phone');
    expect(phone).toMatchObject({ n: 20, mean: 100, adjustedMean: null, low: null, high: null });
    expect(channel?.best?.level).toBe('qr');
    expect(channel?.levels.at(-1)?.level).toBe('phone');
  });

  it('pools levels under minLevelN into (other) so their respondents still count', () => {
    const rows = [...simpson, ...cell('store-a', 'sms', 2, 1, 0)];
    const model = multivariableDrivers(rows, { variables: ['channel'], minLevelN: 10 });
    expect(model.n).toBe(rows.length);
    expect(model.drivers[0]?.levels.map((l) => l.level).sort()).toEqual(['(other)', 'kiosk', 'qr']);
  });

  it(`refuses more than ${MAX_SHAPLEY_DRIVERS} drivers and non-finite scores`, () => {
    const many = Array.from({ length: MAX_SHAPLEY_DRIVERS + 1 }, (_, i) => `v${i}`);
    expect(() => multivariableDrivers(simpson, { variables: many })).toThrow(RangeError);
    expect(() => multivariableDrivers([{ score: Number.NaN, vars: {} }], { variables: [] })).toThrow(RangeError);
  });

  it('answers an empty window with R² 0 and no levels', () => {
    const model = multivariableDrivers([], { variables: ['channel'] });
    expect(model).toMatchObject({ n: 0, r2: 0 });
    expect(model.drivers[0]?.levels).toEqual([]);
  });

  it('fits the same model over cells of respondents as over the respondent rows they add up', () => {
    const dice = new Dice(rng(1422));
    const rows: DriverInput[] = Array.from({ length: 3000 }, () => {
      const touchpoint = dice.pick(['a', 'b', 'c', 'd']);
      const channel = dice.pick(['web', 'qr', 'kiosk']);
      const cart = dice.chance(0.2) ? undefined : dice.chance(0.03) ? 'n/a' : dice.pick([5, 10, 12.5, 20, 40, 80, 160]);
      const tier = dice.pick(['gold', 'silver', 'rare', null]);
      const base = (touchpoint === 'a' ? 30 : 0) + (channel === 'kiosk' ? -15 : 0) + (tier === 'gold' ? 20 : 0);
      const score = dice.chance(0.5 + base / 200) ? 100 : dice.chance(0.5) ? 0 : -100;
      return { score, vars: { touchpoint, channel, cart, tier: tier === 'rare' && dice.chance(0.9) ? 'gold' : tier } };
    });
    const cells = new Map<string, DriverCell>();
    for (const r of rows) {
      const key = JSON.stringify([r.vars.touchpoint, r.vars.channel, r.vars.cart ?? '?', r.vars.tier]);
      const c = cells.get(key) ?? { vars: r.vars, n: 0, sum: 0, sumSquares: 0 };
      c.n += 1;
      c.sum += r.score;
      c.sumSquares += r.score * r.score;
      cells.set(key, c);
    }
    expect(cells.size).toBeLessThan(rows.length / 5);
    for (const options of [
      { variables: ['channel', 'tier'] },
      { variables: ['channel', 'touchpoint', 'cart', 'tier'], minLevelN: 100 },
      { variables: ['cart'], bins: 3 },
    ]) {
      const fromRows = multivariableDrivers(rows, options);
      const fromCells = multivariableDriversOfCells([...cells.values()], options);
      expect(fromCells.n).toBe(fromRows.n);
      expect(fromCells.r2).toBeCloseTo(fromRows.r2, 12);
      expect(fromCells.drivers.map((d) => d.variable)).toEqual(fromRows.drivers.map((d) => d.variable));
      fromRows.drivers.forEach((d, i) => {
        const c = fromCells.drivers[i]!;
        expect(c.shapley).toBeCloseTo(d.shapley, 12);
        expect(c.levels.map((l) => [l.level, l.n])).toEqual(d.levels.map((l) => [l.level, l.n]));
        d.levels.forEach((l, j) => {
          expect(c.levels[j]!.mean).toBeCloseTo(l.mean, 9);
          if (l.adjustedMean === null) expect(c.levels[j]!.adjustedMean).toBeNull();
          else expect(c.levels[j]!.adjustedMean).toBeCloseTo(l.adjustedMean, 9);
        });
      });
    }
    // A pooled level and a binned numeric variable are among them.
    const pooled = multivariableDrivers(rows, { variables: ['channel', 'touchpoint', 'cart', 'tier'], minLevelN: 100 });
    expect(pooled.drivers.some((d) => d.levels.some((l) => l.level === '(other)'))).toBe(true);
    expect(pooled.drivers.find((d) => d.variable === 'cart')?.kind).toBe('numeric');
  });
});
