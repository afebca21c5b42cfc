import { useState } from 'preact/hooks';
import { qs } from '../api';
import { ImportanceGridChart, QUADRANT_LABEL } from '../charts/importance-grid';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { fmtInt, fmtInterval, fmtScore, METRIC_LABEL } from '../format';
import { useApi } from '../hooks';
import type { Importance as Reply } from '../types';

/** The touchpoint ratings importance can be derived for. */
const RATINGS = ['csat', 'ces', 'smiley', 'thumbs'] as const;
type Rating = (typeof RATINGS)[number];
/** The `minN` choices: fewer answers on a side of the impact make its interval too wide to place. */
const MIN_N_CHOICES = [10, 30, 100];

/** Impact points with a sign. */
const fmtImpact = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${Math.round(v)}`);

/** Each touchpoint's rating (performance) against its impact on NPS (derived importance), on the grid. */
export function Importance() {
  const app = useApp();
  const [rating, setRating] = useState<Rating>('csat');
  const [minN, setMinN] = useState(30);
  const grid = useApi<Reply>(`/sites/${app.site}/scores/importance${qs({ ...rangeQuery(app), rating, minN })}`);
  return (
    <div class="view" data-testid="importance">
      <div class="view-head">
        <h1>Importance &amp; performance</h1>
        <label class="inline-field">
          <span>Touchpoint rating</span>
          <select value={rating} onChange={(e) => setRating(e.currentTarget.value as Rating)}>
            {RATINGS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          <span>Fewest answers per side</span>
          <select value={minN} onChange={(e) => setMinN(Number(e.currentTarget.value))} data-testid="min-n">
            {MIN_N_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={grid.error} />
      <Panel title="Importance–performance grid" id="importance-grid">
        {!grid.data ? (
          <Loading what="the grid" />
        ) : (
          <>
            <p class="hint">
              Performance is each touchpoint’s {METRIC_LABEL[rating]}; importance is how many NPS points more those with
              a good experience there give (association, not proof of cause). The lines are the medians: touchpoints
              that matter most and perform worst are the ones to fix first. Touchpoints with fewer than {grid.data.minN}{' '}
              answers on either side are not placed.
            </p>
            <div class="grid-2 tight">
              <ImportanceGridChart
                metric={rating}
                rows={grid.data.rows}
                importanceLine={grid.data.importanceLine}
                performanceLine={grid.data.performanceLine}
                name={app.tpName}
                id="importance-chart"
              />
              <table class="table compact" data-testid="importance-table">
                <caption class="visually-hidden">The grid’s touchpoints with their quadrant</caption>
                <thead>
                  <tr>
                    <th scope="col">Touchpoint</th>
                    <th scope="col" class="num">
                      {METRIC_LABEL[rating]}
                    </th>
                    <th scope="col">95% interval</th>
                    <th scope="col" class="num">
                      Impact
                    </th>
                    <th scope="col">95% interval</th>
                    <th scope="col" class="num">
                      n
                    </th>
                    <th scope="col">Quadrant</th>
                  </tr>
                </thead>
                <tbody>
                  {grid.data.rows.map((r) => (
                    <tr
                      key={r.key}
                      data-key={r.key}
                      class={r.quadrant === 'insufficient-data' ? 'low-sample' : undefined}
                    >
                      <th scope="row">{app.tpName(r.key)}</th>
                      <td class="num">{fmtScore(rating, r.performance)}</td>
                      <td>{fmtInterval(rating, r.performanceLow, r.performanceHigh)}</td>
                      <td class="num">{fmtImpact(r.importance)}</td>
                      <td>
                        {r.importanceLow === null || r.importanceHigh === null
                          ? '–'
                          : `${fmtImpact(r.importanceLow)} to ${fmtImpact(r.importanceHigh)}`}
                      </td>
                      <td class="num">{fmtInt(r.pairs)}</td>
                      <td data-col="quadrant">{QUADRANT_LABEL[r.quadrant]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
    </div>
  );
}
