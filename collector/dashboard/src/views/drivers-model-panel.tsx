import type { ScoreMetricName } from '@touchpoint/shared';
import { qs } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { channelLabel, fmtInt, fmtScore, METRIC_LABEL } from '../format';
import { useApi } from '../hooks';
import type { MultivariableDrivers } from '../types';

type Level = NonNullable<MultivariableDrivers['drivers'][number]['best']>;

/** A percentage of R² with one decimal. */
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/** The top drivers modelled together: Shapley and unique shares, best and worst level within touchpoints. */
export function DriversModelPanel({ metric, label }: { metric: ScoreMetricName; label: (v: string) => string }) {
  const app = useApp();
  const m = useApi<MultivariableDrivers>(
    `/sites/${app.site}/scores/drivers/multivariable${qs({ ...rangeQuery(app), metric })}`,
  );
  const levelName = (variable: string, l: Level) =>
    variable === 'touchpoint' ? app.tpName(l.level) : variable === 'channel' ? channelLabel(l.level) : l.level;
  const level = (variable: string, l: Level | null) =>
    l ? `${levelName(variable, l)} (${fmtScore(metric, l.adjustedMean)}; raw ${fmtScore(metric, l.mean)})` : '–';
  return (
    <Panel title="Drivers taken together" id="drivers-model">
      <ErrorNote error={m.error} />
      {!m.data ? (
        <Loading what="the driver model" />
      ) : m.data.drivers.length === 0 ? (
        <p class="hint">No variable explains {METRIC_LABEL[metric]} in this period.</p>
      ) : (
        <>
          <p class="hint">
            The top drivers in one model ({fmtInt(m.data.n)} respondents, R² {pct(m.data.r2)}). The Shapley share splits
            what they explain together, so overlapping drivers do not both claim it; the unique share is what nothing
            else explains. Best and worst levels are compared within touchpoints (raw means in brackets), so a channel
            placed mostly at good stores does not look good for that reason.
          </p>
          <table class="table compact" data-testid="drivers-model">
            <thead>
              <tr>
                <th scope="col">Driver</th>
                <th scope="col" class="num">
                  Shapley share of R²
                </th>
                <th scope="col" class="num">
                  Unique
                </th>
                <th scope="col">Best level, within touchpoints</th>
                <th scope="col">Worst level, within touchpoints</th>
              </tr>
            </thead>
            <tbody>
              {m.data.drivers.map((d) => (
                <tr key={d.variable} data-key={d.variable}>
                  <th scope="row">{label(d.variable)}</th>
                  <td class="num">{pct(d.shapley)}</td>
                  <td class="num">{pct(d.unique)}</td>
                  <td data-col="best">{level(d.variable, d.best)}</td>
                  <td data-col="worst">{level(d.variable, d.worst)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
