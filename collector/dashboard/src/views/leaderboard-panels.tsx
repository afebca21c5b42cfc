import type { ChartConfiguration } from 'chart.js';
import type { ScoreMetricName } from '@touchpoint/shared';
import { useMemo } from 'preact/hooks';
import { qs } from '../api';
import { ChartView } from '../charts/chart';
import { intervalChart, metricRange } from '../charts/interval';
import { PALETTE } from '../charts/palette';
import { ScoreTable } from '../components/score-table';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { channelLabel, fmtScore, METRIC_LABEL } from '../format';
import { useApi } from '../hooks';
import type { Quintiles, Scores } from '../types';

/** Bottom to top quintile: vermillion (fix) through grey to blue (best), safe for colour-blind readers. */
const QUINTILE_COLOURS = [PALETTE.vermillion, PALETTE.orange, PALETTE.grey, PALETTE.sky, PALETTE.blue];

/** Touchpoints in five groups by score, the top-vs-bottom gap, and what it means. */
export function QuintilePanel({ metric }: { metric: ScoreMetricName }) {
  const app = useApp();
  const q = useApi<Quintiles>(`/sites/${app.site}/scores/quintiles${qs({ ...rangeQuery(app), metric })}`);
  const config = useMemo<ChartConfiguration | undefined>(() => {
    if (!q.data) return undefined;
    return {
      type: 'bar',
      data: {
        labels: q.data.quintiles.map((x) => `Q${x.quintile}`),
        datasets: [
          {
            label: `Mean ${METRIC_LABEL[metric]}`,
            data: q.data.quintiles.map((x) => x.score),
            backgroundColor: q.data.quintiles.map((_, i) => QUINTILE_COLOURS[i] ?? PALETTE.grey),
          },
        ],
      },
      options: {
        scales: { y: { ...metricRange(metric), grid: { color: '#e5e7eb' } }, x: { grid: { display: false } } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              afterLabel: (ctx) => (q.data?.quintiles[ctx.dataIndex]?.keys ?? []).map((k) => app.tpName(k)).join(', '),
            },
          },
        },
      },
    };
  }, [q.data, metric, app]);
  const digits = metric === 'ces' ? 2 : 0;
  const het = q.data?.heterogeneity ?? null;
  return (
    <Panel title="Quintile analysis" id="quintiles">
      <ErrorNote error={q.error} />
      {!q.data ? (
        <Loading what="quintiles" />
      ) : (
        <>
          {config && (
            <ChartView
              config={config}
              label="Mean score per quintile, bottom to top"
              height={220}
              id="quintile-chart"
            />
          )}
          <p class={`reading reading-${q.data.reading}`} data-testid="quintile-reading">
            {q.data.gap !== null && (
              <strong>
                Top-vs-bottom gap: {q.data.gap.toFixed(digits)} points
                {q.data.gapLow !== null && q.data.gapHigh !== null && (
                  <span data-testid="quintile-gap-interval">
                    {' '}
                    (95% interval {q.data.gapLow.toFixed(digits)} to {q.data.gapHigh.toFixed(digits)})
                  </span>
                )}
                .{' '}
              </strong>
            )}
            {q.data.readingText}
          </p>
          {het && (
            <p class="hint" data-testid="quintile-heterogeneity">
              Heterogeneity across {het.k} touchpoints: I² = {het.i2.toFixed(0)}% (95% interval {het.i2Low.toFixed(0)}–
              {het.i2High.toFixed(0)}%), Cochran’s Q = {het.q.toFixed(1)}, p ={' '}
              {het.p < 0.001 ? '< 0.001' : het.p.toFixed(3)}.
            </p>
          )}
          {q.data.warning && (
            <p class="hint warn" data-testid="quintile-warning">
              {q.data.warning}
            </p>
          )}
          <ol class="quintile-list">
            {q.data.quintiles.map((x) => (
              <li key={x.quintile}>
                <strong>
                  Q{x.quintile} ({fmtScore(metric, x.score)}, {x.size} touchpoint{x.size === 1 ? '' : 's'}):
                </strong>{' '}
                {x.keys.map((k) => app.tpName(k)).join(', ')}
              </li>
            ))}
          </ol>
        </>
      )}
    </Panel>
  );
}

/** Web, kiosk, QR and phone scores side by side (phone scores run high). */
export function ChannelsPanel({ metric }: { metric: ScoreMetricName }) {
  const app = useApp();
  const s = useApi<Scores>(`/sites/${app.site}/scores${qs({ ...rangeQuery(app), metric, by: 'channel' })}`);
  const config = useMemo(
    () =>
      s.data
        ? intervalChart(
            metric,
            s.data.rows.map((r) => ({ label: channelLabel(r.key), score: r.score, low: r.low, high: r.high, n: r.n })),
            { vertical: true, colour: PALETTE.green },
          )
        : undefined,
    [s.data, metric],
  );
  return (
    <Panel title="Channels side by side" id="channels-compare">
      <ErrorNote error={s.error} />
      {!s.data || !config ? (
        <Loading what="channels" />
      ) : (
        <>
          <ChartView
            config={config}
            label={`${METRIC_LABEL[metric]} by channel with 95% intervals`}
            height={220}
            id="channel-score-chart"
          />
          <ScoreTable metric={metric} group="Channel" rows={s.data.rows} label={channelLabel} />
          <p class="hint">Phone scores are imported from calls and typically run higher than self-service channels.</p>
        </>
      )}
    </Panel>
  );
}
