import type { ScoreMetricName, ScoreRow } from '@touchpoint/shared';
import { fmtInt, fmtInterval, fmtScore, METRIC_LABEL } from '../format';

/** What each metric's tile says under the number. */
const SCALE_NOTE: Record<ScoreMetricName, string> = {
  nps: '% promoters − % detractors (−100 to +100)',
  csat: '% satisfied (4–5 of 5)',
  ces: 'mean effort score (1–7, higher is easier)',
  smiley: 'mean of the four faces, 0 to 100',
  thumbs: '% thumbs up',
};

/** A headline score: value, 95% interval and n. */
export function ScoreTile({ metric, row, big }: { metric: ScoreMetricName; row: ScoreRow | undefined; big?: boolean }) {
  return (
    <div class={`tile ${big ? 'tile-big' : ''}`} data-testid={`tile-${metric}`}>
      <h3>{METRIC_LABEL[metric]}</h3>
      {row && row.n > 0 ? (
        <>
          <p class="tile-value">{fmtScore(metric, row.score)}</p>
          <p class="tile-sub">
            95% interval {fmtInterval(metric, row.low, row.high)} · n = {fmtInt(row.n)}
          </p>
          {metric === 'nps' && row.promoters !== undefined && (
            <p class="tile-sub">
              {fmtInt(row.promoters)} promoters · {fmtInt(row.passives ?? 0)} passives · {fmtInt(row.detractors ?? 0)}{' '}
              detractors
            </p>
          )}
          {metric === 'ces' && row.agreePercent != null && (
            <p class="tile-sub">{Math.round(row.agreePercent)}% agree it was easy (5–7)</p>
          )}
        </>
      ) : (
        <p class="tile-value tile-empty">{row ? 'No answers' : '…'}</p>
      )}
      <p class="tile-note">{SCALE_NOTE[metric]}</p>
    </div>
  );
}
