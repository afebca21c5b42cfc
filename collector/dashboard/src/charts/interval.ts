import type { ChartConfiguration } from 'chart.js';
import type { ScoreMetricName } from '@touchpoint/shared';
import { fmtScore } from '../format';
import { alpha, PALETTE } from './palette';

/** One category of an interval chart: a score with its 95% interval. */
export interface IntervalPoint {
  label: string;
  score: number | null;
  low: number | null;
  high: number | null;
  n: number;
  /** drawn paler: too few answers to rank fairly */
  faint?: boolean;
}

/** The metric's axis range. */
export function metricRange(metric: ScoreMetricName): { min: number; max: number } {
  if (metric === 'nps') return { min: -100, max: 100 };
  if (metric === 'ces') return { min: 1, max: 7 };
  return { min: 0, max: 100 };
}

/**
 * Scores with error bars: each interval is a floating bar from low to high, the score a point on it.
 * Horizontal (one row per category) unless `vertical`.
 */
export function intervalChart(
  metric: ScoreMetricName,
  points: IntervalPoint[],
  opts: { vertical?: boolean; colour?: string } = {},
): ChartConfiguration<'bar' | 'line', (number | [number, number] | null)[], string> {
  const colour = opts.colour ?? PALETTE.blue;
  const range = metricRange(metric);
  const valueAxis = opts.vertical ? 'y' : 'x';
  return {
    type: 'bar',
    data: {
      labels: points.map((p) => p.label),
      datasets: [
        {
          type: 'bar',
          label: '95% interval',
          data: points.map((p) => (p.low === null || p.high === null ? null : [p.low, p.high])),
          backgroundColor: points.map((p) => alpha(colour, p.faint ? 0.15 : 0.35)),
          borderColor: points.map((p) => alpha(colour, p.faint ? 0.4 : 0.9)),
          borderWidth: 1,
          barPercentage: 0.45,
          borderSkipped: false,
          order: 2,
        },
        {
          type: 'line',
          label: 'Score',
          data: points.map((p) => p.score),
          showLine: false,
          pointRadius: 5,
          pointHoverRadius: 7,
          pointStyle: 'rectRot',
          backgroundColor: points.map((p) => (p.faint ? alpha(PALETTE.vermillion, 0.5) : PALETTE.vermillion)),
          borderColor: '#fff',
          order: 1,
        },
      ],
    },
    options: {
      indexAxis: opts.vertical ? 'x' : 'y',
      scales: {
        [valueAxis]: { ...range, grid: { color: '#e5e7eb' } },
        [opts.vertical ? 'x' : 'y']: { grid: { display: false }, ticks: { autoSkip: false } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const p = points[ctx.dataIndex];
              if (!p) return '';
              return ctx.datasetIndex === 0
                ? `95% interval ${fmtScore(metric, p.low)} to ${fmtScore(metric, p.high)}`
                : `${fmtScore(metric, p.score)} (n = ${p.n}${p.faint ? ', low sample' : ''})`;
            },
          },
        },
      },
    },
  };
}
