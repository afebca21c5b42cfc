import type { ChartConfiguration } from 'chart.js';
import type { ScoreMetricName } from '@touchpoint/shared';
import { useMemo, useState } from 'preact/hooks';
import { qs } from '../api';
import { ChartView } from '../charts/chart';
import { intervalChart } from '../charts/interval';
import { PALETTE } from '../charts/palette';
import { MetricPicker } from '../components/metric-picker';
import { ScoreTable } from '../components/score-table';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { channelLabel, fmtInt, fmtScore, METRIC_LABEL } from '../format';
import { useApi } from '../hooks';
import type { Drivers, Segments as SegmentsReply } from '../types';
import { DriversModelPanel } from './drivers-model-panel';

/** Built-in variables; the drivers reply adds every `var.*` the responses carry. */
const BUILT_IN = ['channel', 'device', 'trigger', 'touchpoint', 'survey'];

/** A variable's label: `var.cartValue` → `cartValue`. */
const varLabel = (v: string) => {
  const name = v.replace(/^var\./, '');
  // a response variable may share a built-in's name (`var.device` beside the parsed `device`)
  return name !== v && BUILT_IN.includes(name) ? `${name} (variable)` : name;
};

/** Scores per level of a chosen variable, and the variables ranked by how much of the score they explain. */
export function Segments() {
  const app = useApp();
  const [metric, setMetric] = useState<ScoreMetricName>('nps');
  const [variable, setVariable] = useState('');
  const range = rangeQuery(app);
  const drivers = useApi<Drivers>(`/sites/${app.site}/scores/drivers${qs({ ...range, metric })}`);
  const variables = useMemo(
    () => [...new Set([...(drivers.data?.drivers.map((d) => d.variable) ?? []), ...BUILT_IN])],
    [drivers.data],
  );
  const chosen = variable || drivers.data?.drivers[0]?.variable || 'channel';
  const seg = useApi<SegmentsReply>(`/sites/${app.site}/scores/segments${qs({ ...range, metric, variable: chosen })}`);
  const label = (key: string) =>
    chosen === 'touchpoint' ? app.tpName(key) : chosen === 'channel' ? channelLabel(key) : key;

  const segChart = useMemo(
    () =>
      seg.data
        ? intervalChart(
            metric,
            seg.data.rows.map((r) => ({ label: label(r.key), score: r.score, low: r.low, high: r.high, n: r.n })),
            { vertical: seg.data.rows.length <= 8, colour: PALETTE.blue },
          )
        : undefined,
    // `label` only reads `chosen` and the touchpoint names
    [seg.data, metric, app.tpName],
  );
  const driverChart = useMemo<ChartConfiguration | undefined>(() => {
    if (!drivers.data) return undefined;
    const ds = drivers.data.drivers.filter((d) => d.etaSquared !== null);
    return {
      type: 'bar',
      data: {
        labels: ds.map((d) => varLabel(d.variable)),
        datasets: [
          {
            label: 'Share of the variation explained (η², %)',
            data: ds.map((d) => (d.etaSquared ?? 0) * 100),
            backgroundColor: PALETTE.orange,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { beginAtZero: true, grid: { color: '#e5e7eb' }, ticks: { callback: (v) => `${v}%` } },
          y: { grid: { display: false } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    };
  }, [drivers.data]);

  return (
    <div class="view" data-testid="segments">
      <div class="view-head">
        <h1>Segments &amp; drivers</h1>
        <MetricPicker value={metric} onChange={setMetric} />
      </div>
      <ErrorNote error={drivers.error ?? seg.error} />
      <Panel
        title={`${METRIC_LABEL[metric]} by ${varLabel(chosen)}`}
        id="segment"
        actions={
          <label class="inline-field">
            <span>Variable</span>
            <select value={chosen} onChange={(e) => setVariable(e.currentTarget.value)} data-testid="variable-picker">
              {variables.map((v) => (
                <option key={v} value={v}>
                  {varLabel(v)}
                </option>
              ))}
            </select>
          </label>
        }
      >
        {!seg.data || !segChart ? (
          <Loading what="segments" />
        ) : (
          <div class="grid-2 tight">
            <ChartView
              config={segChart}
              label={`${METRIC_LABEL[metric]} per level of ${varLabel(chosen)}`}
              id="segment-chart"
              height={seg.data.rows.length <= 8 ? 280 : seg.data.rows.length * 24 + 60}
            />
            <ScoreTable
              metric={metric}
              group={varLabel(chosen)}
              rows={seg.data.rows}
              label={label}
              total={{ ...seg.data.overall, key: 'all' }}
            />
          </div>
        )}
      </Panel>
      <Panel title="What drives the score" id="drivers">
        {!drivers.data || !driverChart ? (
          <Loading what="drivers" />
        ) : (
          <>
            <p class="hint">
              Variables ranked by how much of the variation in {METRIC_LABEL[metric]} between respondents they explain
              (η², from {fmtInt(drivers.data.n)} respondents). Best and worst levels show where the score moves.
            </p>
            <div class="grid-2 tight">
              <ChartView
                config={driverChart}
                label="Drivers ranked by effect size"
                id="driver-chart"
                height={Math.max(220, drivers.data.drivers.length * 28 + 60)}
              />
              <table class="table compact">
                <thead>
                  <tr>
                    <th scope="col">Variable</th>
                    <th scope="col" class="num">
                      η²
                    </th>
                    <th scope="col">Best level</th>
                    <th scope="col">Worst level</th>
                  </tr>
                </thead>
                <tbody>
                  {drivers.data.drivers.map((d) => (
                    <tr key={d.variable}>
                      <th scope="row">
                        <button type="button" class="link" onClick={() => setVariable(d.variable)}>
                          {varLabel(d.variable)}
                        </button>
                      </th>
                      <td class="num">{d.etaSquared === null ? '–' : `${(d.etaSquared * 100).toFixed(1)}%`}</td>
                      <td>
                        {d.best
                          ? `${d.variable === 'touchpoint' ? app.tpName(d.best.level) : d.best.level} (${fmtScore(metric, d.best.mean)})`
                          : '–'}
                      </td>
                      <td>
                        {d.worst
                          ? `${d.variable === 'touchpoint' ? app.tpName(d.worst.level) : d.worst.level} (${fmtScore(metric, d.worst.mean)})`
                          : '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
      <DriversModelPanel metric={metric} label={varLabel} />
    </div>
  );
}
