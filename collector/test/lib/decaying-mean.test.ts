import { describe, expect, it } from 'vitest';
import { DecayingMean } from '../../src/lib/decaying-mean.js';

describe('DecayingMean', () => {
  it('weights each value by how long it held, forgetting with the time constant', () => {
    let t = 0;
    const m = new DecayingMean(500, () => t);
    m.add(40);
    t = 500;
    // one time constant at 40: 40 × (1 − e⁻¹)
    expect(m.read()).toBeCloseTo(40 * (1 - Math.exp(-1)), 6);
    t = 5000;
    expect(m.read()).toBeCloseTo(40, 2);
    m.add(-40);
    t = 5500;
    expect(m.read()).toBeCloseTo(40 * Math.exp(-1), 2);
    t = 10_000;
    expect(m.read()).toBeLessThan(0.01);
  });

  it('counts a burst by its duration, not by how often the count moved', () => {
    let t = 0;
    const brief = new DecayingMean(500, () => t);
    // a thousand writes that each wait a microsecond: hardly a backlog
    for (let i = 0; i < 1000; i++) {
      brief.add(1);
      t += 0.001;
      brief.add(-1);
      t += 0.5;
    }
    expect(brief.read()).toBeLessThan(0.01);
  });
});
