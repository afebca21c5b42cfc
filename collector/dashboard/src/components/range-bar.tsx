import type { ScoreMetricName } from '@touchpoint/shared';
import { metricRange } from '../charts/interval';
import { fmtInterval, fmtScore } from '../format';

/** A one-row error bar inside a table cell: the interval as a band on the metric's full scale, the score as a tick. */
export function RangeBar(props: {
  metric: ScoreMetricName;
  score: number | null;
  low: number | null;
  high: number | null;
}) {
  const { min, max } = metricRange(props.metric);
  const pos = (v: number) => `${((Math.min(max, Math.max(min, v)) - min) / (max - min)) * 100}%`;
  const label = `${fmtScore(props.metric, props.score)}, 95% interval ${fmtInterval(props.metric, props.low, props.high)}`;
  if (props.low === null || props.high === null || props.score === null) return <span class="range-bar-empty">–</span>;
  return (
    <span class="range-bar" role="img" aria-label={label} title={label}>
      <span class="range-bar-zero" style={{ left: pos(props.metric === 'nps' ? 0 : min) }} />
      <span
        class="range-bar-band"
        style={{ left: pos(props.low), width: `calc(${pos(props.high)} - ${pos(props.low)})` }}
      />
      <span class="range-bar-dot" style={{ left: pos(props.score) }} />
    </span>
  );
}
