import { useState } from 'preact/hooks';
import { api, ApiError, qs } from '../api';
import { ImportanceGridChart, QUADRANT_LABEL } from '../charts/importance-grid';
import { MetricPicker } from '../components/metric-picker';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { fmtInt, fmtInterval, fmtRate, fmtScore, METRIC_LABEL } from '../format';
import { useApi } from '../hooks';
import type { Journey as Reply, JourneyTouchpoint } from '../types';
import type { ScoreMetricName } from '@touchpoint/shared';

/** A stage slug as a heading: `get-help` → `Get help`. */
const stageLabel = (s: string) => (s.charAt(0).toUpperCase() + s.slice(1)).replace(/-/g, ' ');
/** Signed points, or a dash. */
const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${Math.round(v)}`);

/** The customer journey left to right: each stage's touchpoints with score, benchmark gap and importance. */
export function Journey() {
  const app = useApp();
  const [metric, setMetric] = useState<ScoreMetricName>('nps');
  const [error, setError] = useState<ApiError | undefined>();
  const map = useApi<Reply>(`/sites/${app.site}/scores/journey${qs({ ...rangeQuery(app), metric })}`);
  const stages = map.data?.stages.map((s) => s.stage) ?? [];

  /** Moves a touchpoint to another stage (or off the map). */
  const move = async (key: string, stage: string) => {
    setError(undefined);
    try {
      await api(`/sites/${app.site}/touchpoints/${encodeURIComponent(key)}`, {
        method: 'PATCH',
        body: { stage: stage || null },
      });
      map.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    }
  };

  const card = (t: JourneyTouchpoint) => (
    <li key={t.key} class={`journey-card${t.lowSample ? ' low-sample' : ''}`} data-key={t.key}>
      <strong>{app.tpName(t.key)}</strong>
      {t.lowSample && <span class="badge badge-warn">low sample</span>}
      <dl>
        <dt>{METRIC_LABEL[metric]}</dt>
        <dd data-col="score">
          {fmtScore(metric, t.score)} <span class="muted">({fmtInterval(metric, t.low, t.high)})</span>
        </dd>
        <dt>n</dt>
        <dd>{fmtInt(t.n)}</dd>
        <dt>Response rate</dt>
        <dd>{fmtRate(t.responseRate)}</dd>
        <dt>Gap to the top 20%</dt>
        <dd data-col="gap">{signed(t.benchmarkGap)}</dd>
        <dt>Importance (impact on NPS)</dt>
        <dd>{signed(t.importance)}</dd>
        <dt>Grid</dt>
        <dd>{QUADRANT_LABEL[t.quadrant]}</dd>
      </dl>
      <label class="inline-field">
        <span>Stage</span>
        <select
          value={t.stage ?? ''}
          disabled={app.readOnly}
          onChange={(e) => void move(t.key, e.currentTarget.value)}
          aria-label={`Journey stage of ${app.tpName(t.key)}`}
        >
          <option value="">(none)</option>
          {stages.map((s) => (
            <option key={s} value={s}>
              {stageLabel(s)}
            </option>
          ))}
        </select>
      </label>
    </li>
  );

  return (
    <div class="view" data-testid="journey">
      <div class="view-head">
        <h1>Journey map</h1>
        <MetricPicker value={metric} onChange={setMetric} />
      </div>
      <ReadOnlyNote readOnly={app.readOnly} />
      <ErrorNote error={map.error ?? error} />
      {!map.data ? (
        <Loading what="the journey" />
      ) : (
        <>
          <p class="hint">
            Stages left to right. The gap compares each touchpoint with the mean {METRIC_LABEL[metric]} of the best
            fifth of the touchpoints ({map.data.benchmarkOf} of them: {fmtScore(metric, map.data.benchmark)}).
            Importance is the NPS gap between those with a good and a poor {METRIC_LABEL[map.data.rating]} experience
            there; each stage has its own grid.
          </p>
          <ol class="journey" data-testid="journey-stages">
            {map.data.stages.map((s) => (
              <li key={s.stage} class="journey-stage" data-stage={s.stage}>
                <h2>{stageLabel(s.stage)}</h2>
                {s.touchpoints.length === 0 ? (
                  <p class="hint">No touchpoint in this stage.</p>
                ) : (
                  <>
                    <ul class="journey-cards">{s.touchpoints.map(card)}</ul>
                    <ImportanceGridChart
                      metric={map.data?.rating ?? 'csat'}
                      rows={s.touchpoints}
                      importanceLine={s.importanceLine}
                      performanceLine={s.performanceLine}
                      name={app.tpName}
                      id={`journey-grid-${s.stage}`}
                    />
                  </>
                )}
              </li>
            ))}
          </ol>
          {map.data.unstaged.length > 0 && (
            <Panel title="Not on the journey yet" id="unstaged">
              <ul class="journey-cards">{map.data.unstaged.map(card)}</ul>
            </Panel>
          )}
        </>
      )}
    </div>
  );
}
