import type { ChartConfiguration } from 'chart.js';
import type { ScoreMetricName } from '@touchpoint/shared';
import { fmtScore } from '../format';
import { metricRange } from './interval';
import { alpha, PALETTE } from './palette';

/** One period of a trend. */
export interface TrendPoint {
  start: string;
  n: number;
  score: number | null;
  low: number | null;
  high: number | null;
}

/** `2026-08-24` → `Aug 24` (the day in UTC, as the score endpoints count days). */
const shortDay = (day: string): string =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** Space (in score points) kept above and below the band, so it never touches the frame. */
const MARGIN = 10;

/** The y-axis: around the band (the full scale would flatten it), within the metric's scale. */
function yRange(metric: ScoreMetricName, points: TrendPoint[]): { min: number; max: number } {
  const full = metricRange(metric);
  const lows = points.map((p) => p.low).filter((v): v is number => v !== null);
  const highs = points.map((p) => p.high).filter((v): v is number => v !== null);
  if (!lows.length || metric === 'ces') return full;
  return {
    min: Math.max(full.min, Math.floor((Math.min(...lows) - MARGIN) / MARGIN) * MARGIN),
    max: Math.min(full.max, Math.ceil((Math.max(...highs) + MARGIN) / MARGIN) * MARGIN),
  };
}

/** A score over time with its 95% interval as a shaded band. */
export function trendChart(
  metric: ScoreMetricName,
  points: TrendPoint[],
): ChartConfiguration<'line', (number | null)[], string> {
  const band = alpha(PALETTE.blue, 0.15);
  return {
    type: 'line',
    data: {
      labels: points.map((p) => shortDay(p.start)),
      datasets: [
        { label: '95% interval (high)', data: points.map((p) => p.high), borderWidth: 0, pointRadius: 0, fill: false },
        {
          label: '95% interval',
          data: points.map((p) => p.low),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: band,
          fill: '-1',
        },
        {
          label: 'Score',
          data: points.map((p) => p.score),
          borderColor: PALETTE.blue,
          backgroundColor: PALETTE.blue,
          borderWidth: 2,
          pointRadius: 2.5,
          tension: 0.25,
          spanGaps: true,
        },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: { y: { ...yRange(metric, points), grid: { color: '#e5e7eb' } }, x: { grid: { display: false } } },
      plugins: {
        legend: { position: 'bottom', labels: { filter: (item) => item.datasetIndex !== 0 } },
        tooltip: {
          filter: (item) => item.datasetIndex === 2,
          callbacks: {
            label: (ctx) => {
              const p = points[ctx.dataIndex];
              return p
                ? `${fmtScore(metric, p.score)} (${fmtScore(metric, p.low)} to ${fmtScore(metric, p.high)}), n = ${p.n}`
                : '';
            },
          },
        },
      },
    },
  };
}
