import type { ScoreMetricName } from '@touchpoint/shared';
import { fmtInt, fmtInterval, fmtScore, METRIC_LABEL } from '../format';

/** One row of a score table: a group's n, score and 95% interval. */
export interface ScoreRow {
  key: string;
  n: number;
  score: number | null;
  low: number | null;
  high: number | null;
}

/** A compact table of a metric per group (channel, segment level…), with an optional total row. */
export function ScoreTable(props: {
  metric: ScoreMetricName;
  /** header of the group column */
  group: string;
  rows: ScoreRow[];
  label?: (key: string) => string;
  total?: ScoreRow;
}) {
  const { metric, label = (k) => k } = props;
  const line = (r: ScoreRow, name: string, cls?: string) => (
    <tr key={r.key} class={cls}>
      <th scope="row">{name}</th>
      <td class="num">{fmtInt(r.n)}</td>
      <td class="num">{fmtScore(metric, r.score)}</td>
      <td>{fmtInterval(metric, r.low, r.high)}</td>
    </tr>
  );
  return (
    <table class="table compact">
      <thead>
        <tr>
          <th scope="col">{props.group}</th>
          <th scope="col" class="num">
            n
          </th>
          <th scope="col" class="num">
            {METRIC_LABEL[metric]}
          </th>
          <th scope="col">95% interval</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => line(r, label(r.key)))}
        {props.total && line(props.total, 'All', 'total')}
      </tbody>
    </table>
  );
}
