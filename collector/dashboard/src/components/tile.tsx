import type { ScoreMetricName, ScoreRow, ScoreWeighting } from '@touchpoint/shared';
import { fmtInt, fmtInterval, fmtScore, METRIC_LABEL } from '../format';

/** What each metric's tile says under the number. */
const SCALE_NOTE: Record<ScoreMetricName, string> = {
  nps: '% promoters − % detractors (−100 to +100)',
  csat: '% satisfied (4–5 of 5)',
  ces: 'mean effort score (1–7, higher is easier)',
  smiley: 'mean of the four faces, 0 to 100',
  thumbs: '% thumbs up',
};

/** What a weighting is by, as the tile says it. */
const WEIGHTED_BY: Record<ScoreWeighting['by'], string> = { channel: 'channel', impressions: 'impressions' };

/** Strata named in a tile: the first few, the rest counted (all of them in the tooltip). */
const STRATA_SHOWN = 3;

/** One line naming strata, or nothing when there are none. */
function StrataList({ label, keys }: { label: string; keys: string[] }) {
  if (keys.length === 0) return null;
  const more = keys.length - STRATA_SHOWN;
  return (
    <p class="tile-sub" title={keys.join(', ')}>
      {label}: {keys.slice(0, STRATA_SHOWN).join(', ')}
      {more > 0 && ` and ${more} more`}
    </p>
  );
}

/** A weighted score's cost and its unweighted twin, under the number. */
function WeightingNote({
  metric,
  weighting,
  pooled,
}: {
  metric: ScoreMetricName;
  weighting: ScoreWeighting;
  pooled: ScoreRow | undefined;
}) {
  return (
    <>
      <p class="tile-sub" data-testid={`tile-${metric}-weighting`}>
        Weighted by {WEIGHTED_BY[weighting.by]}
        {weighting.shares === 'equal' ? ' (equal shares)' : weighting.shares === 'declared' ? ' (declared mix)' : ''} ·
        effective n = {weighting.effectiveN === null ? '–' : fmtInt(Math.round(weighting.effectiveN))}
        {weighting.deff !== null && ` (design effect ${weighting.deff.toFixed(2)})`}
      </p>
      {pooled && pooled.n > 0 && (
        <p class="tile-sub">
          Unweighted {fmtScore(metric, pooled.score)} · n = {fmtInt(pooled.n)}
        </p>
      )}
      <StrataList label="No answers from" keys={weighting.empty} />
      <StrataList label="Not counted (no share)" keys={weighting.unweighted} />
    </>
  );
}

/** A headline score: value, 95% interval and n; with a weighting, its effective n and the unweighted score. */
export function ScoreTile({
  metric,
  row,
  big,
  weighting,
  pooled,
}: {
  metric: ScoreMetricName;
  row: ScoreRow | undefined;
  big?: boolean;
  weighting?: ScoreWeighting | undefined;
  pooled?: ScoreRow | undefined;
}) {
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
          {weighting && <WeightingNote metric={metric} weighting={weighting} pooled={pooled} />}
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
