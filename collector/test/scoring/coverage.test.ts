import { describe, expect, it } from 'vitest';
import { ces } from '../../src/scoring/ces.js';
import { histogramOf, type Histogram } from '../../src/scoring/histogram.js';
import { nps } from '../../src/scoring/nps.js';
import { smiley, smileyValue } from '../../src/scoring/smiley.js';
import type { ScoreSummary } from '../../src/scoring/summary.js';
import { rng } from '../../src/seed/random.js';

/** Draws per (shape, n): enough that the simulation error (about ±1 point) stays inside the band. */
const DRAWS = 2000;
/** Sample sizes where the intervals must still hold: what a touchpoint has in its first days. */
const SIZES = [5, 10, 30];
/** Coverage accepted for a nominal 95% interval: conservative at small n is fine, liberal is not. */
const BAND = { min: 0.92, max: 1 };

interface Metric {
  min: number;
  /** the metric on a histogram */
  score: (h: Histogram) => ScoreSummary;
  /** the true score of answer probabilities p (p[0] for answer `min`) */
  truth: (p: readonly number[]) => number;
  /** probabilities of answers min, min+1, …: skewed, flat, middling, bimodal, all one answer */
  shapes: number[][];
}

const mean = (p: readonly number[], value: (answer: number) => number, min: number) =>
  p.reduce((s, q, i) => s + q * value(min + i), 0);

const METRICS: Record<string, Metric> = {
  ces: {
    min: 1,
    score: ces,
    truth: (p) => mean(p, (v) => v, 1),
    shapes: [
      [0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.3],
      [1, 1, 1, 1, 1, 1, 1].map((x) => x / 7),
      [0, 0.05, 0.2, 0.5, 0.2, 0.05, 0],
      [0.45, 0, 0, 0, 0, 0, 0.55],
      [0, 0, 0, 0, 0, 0, 1],
    ],
  },
  smiley: {
    min: 1,
    score: smiley,
    truth: (p) => mean(p, smileyValue, 1),
    shapes: [
      [0.05, 0.1, 0.35, 0.5],
      [0.25, 0.25, 0.25, 0.25],
      [0.5, 0, 0, 0.5],
      [0, 0, 0, 1],
    ],
  },
  nps: {
    min: 0,
    score: nps,
    truth: (p) => 100 * (p.slice(9).reduce((s, q) => s + q, 0) - p.slice(0, 7).reduce((s, q) => s + q, 0)),
    shapes: [
      [0.02, 0.01, 0.02, 0.03, 0.02, 0.05, 0.05, 0.1, 0.2, 0.25, 0.25],
      [0.3, 0, 0, 0, 0, 0, 0, 0.1, 0, 0, 0.6],
      [0.1, 0, 0, 0, 0, 0, 0, 0.8, 0, 0, 0.1],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ],
  },
};

/** One answer drawn from probabilities p. */
function draw(next: () => number, p: readonly number[], min: number): number {
  let u = next();
  let i = 0;
  while (i < p.length - 1 && u >= (p[i] ?? 0)) u -= p[i++] ?? 0;
  return min + i;
}

describe('coverage of the 95% intervals (seeded simulation, docs/STATISTICS.md)', () => {
  for (const [name, m] of Object.entries(METRICS)) {
    it(`covers the true ${name} in ${BAND.min * 100}–100% of ${DRAWS} samples at n = ${SIZES.join(', ')}, and always holds its own score`, () => {
      const next = rng(20261202);
      const missed: string[] = [];
      for (const [s, p] of m.shapes.entries()) {
        const truth = m.truth(p);
        for (const n of SIZES) {
          let covered = 0;
          for (let d = 0; d < DRAWS; d++) {
            const r = m.score(histogramOf(Array.from({ length: n }, () => draw(next, p, m.min))));
            const { score, low, high } = r;
            if (score === null || low === null || high === null) throw new Error('no interval');
            // Never degenerate: the estimate lies inside, and the interval has width.
            if (!(low <= score && score <= high && high > low)) missed.push(`${name} [${low}, ${high}] ∌ ${score}`);
            if (low <= truth + 1e-9 && truth - 1e-9 <= high) covered++;
          }
          const coverage = covered / DRAWS;
          if (coverage < BAND.min || coverage > BAND.max) missed.push(`${name} shape ${s} n=${n}: ${coverage}`);
        }
      }
      expect(missed).toEqual([]);
    });
  }
});
