import type { ScoreMetricName } from '@touchpoint/shared';
import { useMemo, useState } from 'preact/hooks';
import { qs } from '../api';
import { ChartView } from '../charts/chart';
import { intervalChart } from '../charts/interval';
import { MetricPicker } from '../components/metric-picker';
import { RangeBar } from '../components/range-bar';
import { SortHeader } from '../components/sort-header';
import { useSorted } from '../components/sortable';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { fmtChange, fmtInt, fmtRate, fmtScore, METRIC_LABEL } from '../format';
import { useApi } from '../hooks';
import type { Leaderboard as Reply, LeaderboardRow } from '../types';
import { ChannelEffectsPanel } from './channel-effects-panel';
import { ChannelsPanel, QuintilePanel } from './leaderboard-panels';

/** Touchpoints ranked, with intervals, change against the previous period and response rate; quintiles; channels. */
export function Leaderboard() {
  const app = useApp();
  const [metric, setMetric] = useState<ScoreMetricName>('nps');
  const [rankBy, setRankBy] = useState<'score' | 'shrunk'>('score');
  const [adjust, setAdjust] = useState(false);
  const board = useApi<Reply>(
    `/sites/${app.site}/scores/leaderboard${qs({
      ...rangeQuery(app),
      metric,
      rank: rankBy,
      adjust: adjust && rankBy === 'score' ? 'channel' : undefined,
    })}`,
  );
  const shrunk = board.data?.rankBy === 'shrunk';
  const rows = board.data?.rows ?? [];
  const { sorted, sort, toggle } = useSorted<LeaderboardRow, 'rank' | 'name' | 'n' | 'score' | 'change' | 'rate'>(
    rows,
    {
      rank: (r) => r.rank,
      name: (r) => app.tpName(r.key),
      n: (r) => r.n,
      score: (r) => r.score,
      change: (r) => r.change,
      rate: (r) => r.responseRate,
    },
    'rank',
  );
  const chart = useMemo(
    () =>
      board.data
        ? intervalChart(
            metric,
            board.data.rows
              .filter((r) => r.n > 0)
              .map((r) => ({
                label: app.tpName(r.key),
                score: r.score,
                low: r.low,
                high: r.high,
                n: r.n,
                faint: r.lowSample,
              })),
          )
        : undefined,
    [board.data, metric, app],
  );

  return (
    <div class="view" data-testid="leaderboard">
      <div class="view-head">
        <h1>Touchpoint leaderboard</h1>
        <MetricPicker value={metric} onChange={setMetric} />
        <label>
          Rank by{' '}
          <select
            data-testid="rank-by"
            value={rankBy}
            onChange={(e) => setRankBy((e.currentTarget.value === 'shrunk' ? 'shrunk' : 'score') as 'score' | 'shrunk')}
          >
            <option value="score">own score (n ≥ minimum)</option>
            <option value="shrunk">shrunk score (empirical Bayes)</option>
          </select>
        </label>
        <label class="inline-field">
          <input
            type="checkbox"
            checked={adjust && rankBy === 'score'}
            disabled={rankBy === 'shrunk'}
            title={rankBy === 'shrunk' ? 'Not with shrunk ranking' : undefined}
            onChange={(e) => setAdjust(e.currentTarget.checked)}
            data-testid="adjust-channel"
          />
          <span>Adjust for channel</span>
        </label>
      </div>
      <ErrorNote error={board.error} />
      <Panel title={`${METRIC_LABEL[metric]} by touchpoint`} id="board">
        {!board.data ? (
          <Loading what="the leaderboard" />
        ) : (
          <>
            <p class="hint">
              Compared with {board.data.previousFrom} to {board.data.previousTo}. Touchpoints with fewer than{' '}
              {board.data.minN} answers are marked <span class="badge badge-warn">low sample</span>
              {shrunk
                ? `; every touchpoint is ranked by its score shrunk toward the mean (${fmtScore(metric, board.data.shrinkage?.mean ?? null)}) by how few answers it has, with a 95% rank interval.`
                : ' and not ranked.'}
              {board.data.adjust === 'channel' &&
                ' Scores and intervals are adjusted to the site’s channel mix (see Channel effects); the change stays unadjusted.'}
            </p>
            <div class="table-wrap">
              <table class="table" data-testid="leaderboard-table">
                <caption class="visually-hidden">
                  Touchpoints ranked by {METRIC_LABEL[metric]}; column headers sort
                </caption>
                <thead>
                  <tr>
                    <SortHeader k="rank" sort={sort} toggle={toggle} num>
                      Rank
                    </SortHeader>
                    <SortHeader k="name" sort={sort} toggle={toggle}>
                      Touchpoint
                    </SortHeader>
                    <SortHeader k="n" sort={sort} toggle={toggle} num>
                      n
                    </SortHeader>
                    <SortHeader k="score" sort={sort} toggle={toggle} num>
                      {METRIC_LABEL[metric]}
                    </SortHeader>
                    <th scope="col">95% interval</th>
                    {shrunk && (
                      <th scope="col" class="num">
                        Shrunk
                      </th>
                    )}
                    <SortHeader k="change" sort={sort} toggle={toggle} num>
                      Change
                    </SortHeader>
                    <SortHeader k="rate" sort={sort} toggle={toggle} num>
                      Response rate
                    </SortHeader>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((r) => (
                    <tr key={r.key} data-key={r.key} class={r.lowSample ? 'low-sample' : undefined}>
                      <td class="num" data-col="rank">
                        {r.rank ?? '–'}
                        {r.rankLow !== null && r.rankHigh !== null && (
                          <span class="muted">
                            {' '}
                            ({r.rankLow === r.rankHigh ? r.rankLow : `${r.rankLow}–${r.rankHigh}`})
                          </span>
                        )}
                      </td>
                      <th scope="row">
                        {app.tpName(r.key)}
                        {r.lowSample && <span class="badge badge-warn">low sample</span>}
                      </th>
                      <td class="num" data-col="n">
                        {fmtInt(r.n)}
                      </td>
                      <td class="num strong">{fmtScore(metric, r.score)}</td>
                      <td>
                        <RangeBar metric={metric} score={r.score} low={r.low} high={r.high} />
                      </td>
                      {shrunk && (
                        <td class="num" data-col="shrunk">
                          {fmtScore(metric, r.shrunk)}
                        </td>
                      )}
                      <td
                        class={`num ${r.change === null || !r.significant ? 'muted' : r.change >= 0 ? 'up' : 'down'}`}
                        title={
                          r.previous === null
                            ? 'no answers in the previous period'
                            : r.change === null
                              ? `previous: ${fmtScore(metric, r.previous)} (n = ${r.previousN}): too few answers to compare`
                              : `previous: ${fmtScore(metric, r.previous)} (n = ${r.previousN}); change 95% interval ` +
                                `${fmtChange(r.changeLow)} to ${fmtChange(r.changeHigh)}, Holm p = ${r.changeP?.toFixed(3)}` +
                                (r.significant ? '' : ' (not significant)')
                        }
                      >
                        {fmtChange(r.change)}
                        {r.significant ? ' *' : ''}
                      </td>
                      <td class="num">{fmtRate(r.responseRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
      {chart && (
        <Panel title="Scores with 95% intervals" id="board-chart">
          <ChartView
            config={chart}
            label={`${METRIC_LABEL[metric]} of each touchpoint with its 95% interval`}
            height={Math.max(260, rows.length * 24 + 60)}
            id="leaderboard-chart"
          />
        </Panel>
      )}
      <div class="grid-2">
        <QuintilePanel metric={metric} />
        <ChannelsPanel metric={metric} />
      </div>
      <ChannelEffectsPanel metric={metric} />
    </div>
  );
}
