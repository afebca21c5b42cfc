import type { ScoreMetricName } from '@touchpoint/shared';
import { fmtScore, METRIC_LABEL } from '../format';
import type { ImportanceRow } from '../types';

/** Drawing size in SVG units; the SVG scales to its box. */
const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 44 };
/** The ends of each metric's score axis. */
const PERFORMANCE_RANGE: Record<ScoreMetricName, [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  ces: [1, 7],
  smiley: [0, 100],
  thumbs: [0, 100],
};

/** Labels of the quadrants, as the grid reads them. */
export const QUADRANT_LABEL: Record<ImportanceRow['quadrant'], string> = {
  'fix-first': 'Fix first',
  'keep-up': 'Keep up the good work',
  'low-priority': 'Low priority',
  'possible-overkill': 'Possible overkill',
  'insufficient-data': 'Too few answers to place',
};

/**
 * The importance–performance grid as an SVG scatter: performance across, derived importance up, the
 * medians as cross-hairs and the quadrants labelled. The table beside it carries the same data.
 */
export function ImportanceGridChart(props: {
  metric: ScoreMetricName;
  rows: readonly Pick<ImportanceRow, 'key' | 'quadrant' | 'performance' | 'importance'>[];
  importanceLine: number | null;
  performanceLine: number | null;
  name: (key: string) => string;
  id: string;
}) {
  const placed = props.rows.filter((r) => r.quadrant !== 'insufficient-data');
  const [pMin, pMax] = PERFORMANCE_RANGE[props.metric];
  const importances = placed.flatMap((r) => [r.importance ?? 0, props.importanceLine ?? 0]);
  const span = Math.max(10, ...importances.map(Math.abs));
  const iMin = Math.min(0, ...importances) < 0 ? -span : 0;
  const iMax = span;
  const x = (v: number) => MARGIN.left + ((v - pMin) / (pMax - pMin)) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (v: number) =>
    HEIGHT - MARGIN.bottom - ((v - iMin) / (iMax - iMin)) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const left = MARGIN.left + 6;
  const right = WIDTH - MARGIN.right - 6;
  const top = MARGIN.top + 14;
  const bottom = HEIGHT - MARGIN.bottom - 6;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      class="importance-grid"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      id={props.id}
    >
      <title id={`${props.id}-title`}>Importance–performance grid</title>
      <desc id={`${props.id}-desc`}>
        {`${placed.length} touchpoints placed by ${METRIC_LABEL[props.metric]} (across) and impact on NPS (up); ` +
          'the table that follows lists the same values.'}
      </desc>
      <rect
        x={MARGIN.left}
        y={MARGIN.top}
        width={WIDTH - MARGIN.left - MARGIN.right}
        height={HEIGHT - MARGIN.top - MARGIN.bottom}
        class="grid-frame"
      />
      {props.performanceLine !== null && (
        <line
          x1={x(props.performanceLine)}
          x2={x(props.performanceLine)}
          y1={MARGIN.top}
          y2={HEIGHT - MARGIN.bottom}
          class="grid-line"
        />
      )}
      {props.importanceLine !== null && (
        <line
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={y(props.importanceLine)}
          y2={y(props.importanceLine)}
          class="grid-line"
        />
      )}
      <text x={left} y={top} class="quadrant-label quadrant-fix-first">
        {QUADRANT_LABEL['fix-first']}
      </text>
      <text x={right} y={top} text-anchor="end" class="quadrant-label">
        {QUADRANT_LABEL['keep-up']}
      </text>
      <text x={left} y={bottom} class="quadrant-label">
        {QUADRANT_LABEL['low-priority']}
      </text>
      <text x={right} y={bottom} text-anchor="end" class="quadrant-label">
        {QUADRANT_LABEL['possible-overkill']}
      </text>
      {placed.map((r) => (
        <g key={r.key} class={`grid-point quadrant-${r.quadrant}`} data-key={r.key}>
          <circle cx={x(r.performance ?? pMin)} cy={y(r.importance ?? 0)} r={6}>
            <title>{`${props.name(r.key)}: ${METRIC_LABEL[props.metric]} ${fmtScore(props.metric, r.performance)}, impact ${Math.round(r.importance ?? 0)} points (${QUADRANT_LABEL[r.quadrant]})`}</title>
          </circle>
          <text x={x(r.performance ?? pMin) + 9} y={y(r.importance ?? 0) + 4} class="point-label">
            {props.name(r.key)}
          </text>
        </g>
      ))}
      <text x={(MARGIN.left + WIDTH - MARGIN.right) / 2} y={HEIGHT - 10} text-anchor="middle" class="axis-label">
        {`Performance: ${METRIC_LABEL[props.metric]} (${fmtScore(props.metric, pMin)} to ${fmtScore(props.metric, pMax)})`}
      </text>
      <text
        x={16}
        y={(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}
        text-anchor="middle"
        class="axis-label"
        transform={`rotate(-90 16 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2})`}
      >
        Importance: impact on NPS (points)
      </text>
      <text x={MARGIN.left - 6} y={y(iMax) + 4} text-anchor="end" class="tick-label">
        {Math.round(iMax)}
      </text>
      <text x={MARGIN.left - 6} y={y(iMin) + 4} text-anchor="end" class="tick-label">
        {Math.round(iMin)}
      </text>
    </svg>
  );
}
