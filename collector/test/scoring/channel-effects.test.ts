import { describe, expect, it } from 'vitest';
import { channelEffects, type ChannelCell } from '../../src/scoring/channel-effects.js';

/** A cell of n respondents, half scoring mean − spread and half mean + spread (n even). */
function cell(touchpoint: string, channel: string, n: number, mean: number, spread = 50): ChannelCell {
  return { touchpoint, channel, n, sum: n * mean, sumSquares: (n / 2) * ((mean - spread) ** 2 + (mean + spread) ** 2) };
}

describe('channel effects with touchpoint fixed effects', () => {
  // Phone runs exactly 20 points above web at both stores that use both; the call centre is phone only.
  const cells = [
    cell('store-a', 'web', 60, 10),
    cell('store-a', 'phone', 20, 30),
    cell('store-b', 'web', 40, -20),
    cell('store-b', 'phone', 40, 0),
    cell('call-centre', 'phone', 40, 50),
    cell('checkout', 'web', 100, 5),
  ];

  it('finds the offset of phone against the most used channel, with an interval around it', () => {
    const fx = channelEffects(cells);
    expect(fx.reference).toBe('web');
    expect(fx.n).toBe(300);
    const phone = fx.offsets.find((o) => o.channel === 'phone');
    expect(phone?.offset).toBeCloseTo(20, 9);
    expect(phone).toMatchObject({ n: 100, touchpoints: 3, sharedTouchpoints: 2 });
    expect(phone?.low).toBeLessThan(20);
    expect(phone?.high).toBeGreaterThan(20);
    expect(fx.offsets.find((o) => o.channel === 'web')).toMatchObject({ offset: 0, n: 200, sharedTouchpoints: 2 });
  });

  it('adjusts each touchpoint to the site’s channel mix, leaving the overall score unchanged', () => {
    const fx = channelEffects(cells);
    // mix = (200·0 + 100·20)/300 = 20/3; a touchpoint's adjustment = −Σ share · (offset − mix).
    const mix = 20 / 3;
    expect(fx.mix).toBeCloseTo(mix, 9);
    expect(fx.adjustments.get('call-centre')).toBeCloseTo(-(20 - mix), 9);
    expect(fx.adjustments.get('checkout')).toBeCloseTo(mix, 9);
    expect(fx.adjustments.get('store-a')).toBeCloseTo(-(0.75 * (0 - mix) + 0.25 * (20 - mix)), 9);
    const n = new Map([
      ['store-a', 80],
      ['store-b', 80],
      ['call-centre', 40],
      ['checkout', 100],
    ]);
    const total = [...fx.adjustments].reduce((s, [t, a]) => s + (n.get(t) ?? 0) * a, 0);
    expect(total).toBeCloseTo(0, 9);
  });

  it('gives no offset to a channel never seen beside another at one touchpoint, and leaves it unadjusted', () => {
    const fx = channelEffects([...cells, cell('hotline', 'sms', 30, 90)]);
    expect(fx.offsets.find((o) => o.channel === 'sms')).toMatchObject({ offset: null, se: null, sharedTouchpoints: 0 });
    expect(fx.adjustments.get('hotline')).toBe(0);
    expect(fx.offsets.find((o) => o.channel === 'phone')?.offset).toBeCloseTo(20, 9);
  });

  it('merges repeated cells and answers an empty site with no reference', () => {
    const split = channelEffects([cell('store-a', 'web', 30, 10), cell('store-a', 'web', 30, 10), ...cells.slice(1)]);
    expect(split.offsets.find((o) => o.channel === 'phone')?.offset).toBeCloseTo(20, 9);
    expect(channelEffects([])).toMatchObject({ n: 0, reference: null, offsets: [] });
  });

  it('rejects a cell with a non-finite sum', () => {
    expect(() => channelEffects([{ ...cell('a', 'web', 2, 0), sum: Number.NaN }])).toThrow(RangeError);
  });
});
