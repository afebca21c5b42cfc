import type { ScoreMetricName } from '@touchpoint/shared';
import { qs } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { rangeQuery, useApp } from '../context';
import { channelLabel, fmtInt } from '../format';
import { useApi } from '../hooks';
import type { ChannelEffects } from '../types';

/** Points with the metric's precision (CES on 1–7 needs decimals). */
const fmtPoints = (metric: ScoreMetricName, v: number | null): string =>
  v === null ? '–' : `${v > 0 ? '+' : ''}${v.toFixed(metric === 'ces' ? 2 : 1)}`;

/** How much each channel's answers run above or below the reference channel's at the same touchpoint. */
export function ChannelEffectsPanel({ metric }: { metric: ScoreMetricName }) {
  const app = useApp();
  const fx = useApi<ChannelEffects>(`/sites/${app.site}/scores/channel-effects${qs({ ...rangeQuery(app), metric })}`);
  return (
    <Panel title="Channel effects, like with like" id="channel-effects">
      <ErrorNote error={fx.error} />
      {!fx.data ? (
        <Loading what="channel effects" />
      ) : fx.data.reference === null ? (
        <p class="hint">No answers in this period.</p>
      ) : (
        <>
          <p class="hint">
            Each channel against {channelLabel(fx.data.reference)} at the same touchpoint (touchpoint fixed effects,{' '}
            {fmtInt(fx.data.n)} respondents). Only touchpoints that collect answers through several channels compare
            them; a channel never seen beside another has no estimate. “Adjust for channel” shifts each touchpoint to
            the site’s channel mix by these offsets.
          </p>
          <table class="table compact" data-testid="channel-effects">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col" class="num">
                  n
                </th>
                <th scope="col" class="num">
                  Shared touchpoints
                </th>
                <th scope="col" class="num">
                  Offset (points)
                </th>
                <th scope="col">95% interval</th>
              </tr>
            </thead>
            <tbody>
              {fx.data.offsets.map((o) => (
                <tr key={o.channel} data-key={o.channel}>
                  <th scope="row">{channelLabel(o.channel)}</th>
                  <td class="num">{fmtInt(o.n)}</td>
                  <td class="num">
                    {o.sharedTouchpoints} of {o.touchpoints}
                  </td>
                  <td class="num strong">
                    {o.channel === fx.data?.reference ? 'reference' : fmtPoints(metric, o.offset)}
                  </td>
                  <td>
                    {o.low === null || o.high === null
                      ? o.offset === null
                        ? 'not comparable'
                        : '–'
                      : `${fmtPoints(metric, o.low)} to ${fmtPoints(metric, o.high)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
