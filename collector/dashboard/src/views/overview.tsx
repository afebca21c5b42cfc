import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'preact/hooks';
import { qs } from '../api';
import { ChartView } from '../charts/chart';
import { CHANNEL_COLOUR, PALETTE } from '../charts/palette';
import { trendChart } from '../charts/trend';
import { ScoreTile } from '../components/tile';
import { ErrorNote, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { channelLabel, fmtInt, fmtRate } from '../format';
import { useApi } from '../hooks';
import type { Rates, Scores, Trend } from '../types';
import { ReplyCapNotice } from './reply-cap-notice';

/** Ranges longer than this are trended by week, shorter ones by day. */
const DAILY_UP_TO_DAYS = 31;
const DAY_MS = 86_400_000;

/** The overview's weighting of its headline scores (`weight` on `GET …/scores`). */
type Weight = 'none' | 'channel' | 'impressions';
const WEIGHTS: readonly Weight[] = ['none', 'channel', 'impressions'];
const WEIGHT_LABEL: Record<Weight, string> = { none: 'none', channel: 'by channel', impressions: 'by impressions' };

/** The overview: headline scores, the NPS trend, response rate and volume by channel. */
export function Overview() {
  const app = useApp();
  const base = `/sites/${app.site}/scores`;
  const range = rangeQuery(app);
  const days = (Date.parse(app.to) - Date.parse(app.from)) / DAY_MS + 1;
  const interval = days > DAILY_UP_TO_DAYS ? 'week' : 'day';
  const [weight, setWeight] = useState<Weight>('none');
  const headline = { ...range, by: 'none', weight: weight === 'none' ? undefined : weight };
  const nps = useApi<Scores>(`${base}${qs({ ...headline, metric: 'nps' })}`);
  const csat = useApi<Scores>(`${base}${qs({ ...headline, metric: 'csat' })}`);
  const ces = useApi<Scores>(`${base}${qs({ ...headline, metric: 'ces' })}`);
  const smiley = useApi<Scores>(`${base}${qs({ ...headline, metric: 'smiley' })}`);
  const trend = useApi<Trend>(`${base}/trend${qs({ ...range, metric: 'nps', interval })}`);
  // Impressions are never verified: rates always count every answer.
  const rates = useApi<Rates>(`${base}/response-rates${qs({ from: range.from, to: range.to, by: 'channel' })}`);

  const trendConfig = useMemo(() => (trend.data ? trendChart('nps', trend.data.points) : undefined), [trend.data]);
  const channelConfig = useMemo<ChartConfiguration | undefined>(() => {
    if (!rates.data) return undefined;
    const rows = rates.data.rows;
    return {
      type: 'bar',
      data: {
        labels: rows.map((r) => channelLabel(r.key)),
        datasets: [
          {
            label: 'Answers',
            data: rows.map((r) => r.answered),
            backgroundColor: rows.map((r) => CHANNEL_COLOUR[r.key] ?? PALETTE.grey),
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { x: { grid: { display: false } } } },
    };
  }, [rates.data]);

  const error = nps.error ?? csat.error ?? ces.error ?? smiley.error ?? trend.error ?? rates.error;
  return (
    <div class="view" data-testid="overview">
      <div class="view-head">
        <h1>Overview</h1>
        <label>
          Weighting{' '}
          <select
            data-testid="weighting"
            value={weight}
            onChange={(e) => setWeight(WEIGHTS.find((w) => w === e.currentTarget.value) ?? 'none')}
          >
            {WEIGHTS.map((w) => (
              <option key={w} value={w}>
                {WEIGHT_LABEL[w]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      <ReplyCapNotice />
      <div class="tiles">
        <ScoreTile metric="nps" row={nps.data?.overall} weighting={nps.data?.weighting} pooled={nps.data?.pooled} big />
        <ScoreTile metric="csat" row={csat.data?.overall} weighting={csat.data?.weighting} pooled={csat.data?.pooled} />
        <ScoreTile metric="ces" row={ces.data?.overall} weighting={ces.data?.weighting} pooled={ces.data?.pooled} />
        <ScoreTile
          metric="smiley"
          row={smiley.data?.overall}
          weighting={smiley.data?.weighting}
          pooled={smiley.data?.pooled}
        />
        <div class="tile" data-testid="tile-rate">
          <h3>Response rate</h3>
          <p class="tile-value">{fmtRate(rates.data?.overall.rate)}</p>
          <p class="tile-sub">
            {rates.data
              ? `${fmtInt(rates.data.overall.answered)} answers / ${fmtInt(rates.data.overall.impressions)} shown`
              : '…'}
          </p>
          <p class="tile-note">answers per survey impression</p>
        </div>
      </div>
      <div class="grid-2">
        <Panel title={`NPS by ${interval}, with its 95% interval`} id="trend">
          {trendConfig ? (
            <ChartView
              config={trendConfig}
              label="NPS trend with a shaded 95% interval band"
              height={400}
              id="trend-chart"
            />
          ) : (
            <div class="chart chart-placeholder" />
          )}
        </Panel>
        <Panel title="Volume and response rate by channel" id="channels">
          {channelConfig ? (
            <ChartView config={channelConfig} label="Answers by channel" height={180} id="channel-chart" />
          ) : (
            <div class="chart chart-placeholder" />
          )}
          {rates.data && (
            <table class="table compact">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col" class="num">
                    Answers
                  </th>
                  <th scope="col" class="num">
                    Shown
                  </th>
                  <th scope="col" class="num">
                    Response rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {rates.data.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">
                      <span class="swatch" style={{ background: CHANNEL_COLOUR[r.key] ?? PALETTE.grey }} />{' '}
                      {channelLabel(r.key)}
                    </th>
                    <td class="num">{fmtInt(r.answered)}</td>
                    <td class="num">{fmtInt(r.impressions)}</td>
                    <td class="num">{fmtRate(r.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
    </div>
  );
}
