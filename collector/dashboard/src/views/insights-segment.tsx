import { VAR_FILTER_KEY } from '@touchpoint/shared';
import { useMemo } from 'preact/hooks';
import { qs } from '../api';
import { TouchpointSelect } from '../components/touchpoint-select';
import { rangeQuery, useApp } from '../context';
import { channelLabel, CHANNELS } from '../format';
import { useApi } from '../hooks';
import type { Drivers, Segments } from '../types';

/** The hash path of the insights view; its query holds the segment, so a link reproduces the view. */
export const INSIGHTS_PATH = '/insights';

/** Level the score segments give respondents without the variable: no value to filter on. */
const MISSING_LEVEL = '(missing)';

/** The segment the insight panels show: a touchpoint, a channel and one variable's value ('' = all). */
export interface InsightSegment {
  touchpoint: string;
  channel: string;
  /** variable name, without `var.` */
  variable: string;
  value: string;
}

/** The segment in a hash query (`touchpoint=…&channel=…&var.region=North`); unknown keys are ignored. */
export function segmentFromQuery(query: string): InsightSegment {
  const q = new URLSearchParams(query);
  const varKey = [...q.keys()].find((k) => VAR_FILTER_KEY.test(k));
  return {
    touchpoint: q.get('touchpoint') ?? '',
    channel: q.get('channel') ?? '',
    variable: varKey ? varKey.slice('var.'.length) : '',
    value: varKey ? (q.get(varKey) ?? '') : '',
  };
}

/**
 * The API's filter parameters of a segment: `touchpoint`, `channel` and `var.<name>` (only once a value is
 * chosen); `variable` alone keeps the picker's choice in the link without filtering.
 */
export function segmentParams(s: InsightSegment): Record<string, string | undefined> {
  return {
    touchpoint: s.touchpoint || undefined,
    channel: s.channel || undefined,
    ...(s.variable && s.value ? { [`var.${s.variable}`]: s.value } : {}),
  };
}

/** The hash route of the insights view showing a segment. */
export const segmentRoute = (s: InsightSegment): string => `${INSIGHTS_PATH}${qs(segmentParams(s))}`;

/**
 * Touchpoint, channel, and variable + value pickers, and a "filtered: …" chip per active filter with a reset.
 * Variables are those the score drivers list for the window (every `var.*` the responses carry); a categorical
 * variable's values come from its score segments, a numeric one's value is typed.
 */
export function SegmentControls({
  segment,
  onChange,
}: {
  segment: InsightSegment;
  onChange: (s: InsightSegment) => void;
}) {
  const app = useApp();
  const range = rangeQuery(app);
  const drivers = useApi<Drivers>(`/sites/${app.site}/scores/drivers${qs({ ...range, metric: 'nps' })}`);
  const variables = useMemo(() => {
    const names = (drivers.data?.drivers ?? [])
      .map((d) => d.variable)
      .filter((v) => VAR_FILTER_KEY.test(v))
      .map((v) => v.slice('var.'.length));
    // a variable from a link stays choosable while the drivers load or when the window lacks it
    return [...new Set([...names, ...(segment.variable ? [segment.variable] : [])])].sort();
  }, [drivers.data, segment.variable]);
  const levels = useApi<Segments>(
    segment.variable
      ? `/sites/${app.site}/scores/segments${qs({ ...range, metric: 'nps', variable: `var.${segment.variable}` })}`
      : null,
  );
  const values = (levels.data?.rows ?? []).map((r) => r.key).filter((k) => k !== MISSING_LEVEL);
  if (segment.value && !values.includes(segment.value)) values.push(segment.value);
  const set = (patch: Partial<InsightSegment>) => onChange({ ...segment, ...patch });

  const chips: { key: string; label: string; clear: Partial<InsightSegment> }[] = [];
  if (segment.touchpoint)
    chips.push({ key: 'touchpoint', label: `touchpoint ${app.tpName(segment.touchpoint)}`, clear: { touchpoint: '' } });
  if (segment.channel)
    chips.push({ key: 'channel', label: `channel ${channelLabel(segment.channel)}`, clear: { channel: '' } });
  if (segment.variable && segment.value)
    chips.push({ key: 'var', label: `${segment.variable} = ${segment.value}`, clear: { variable: '', value: '' } });

  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Segment" data-testid="insight-segment">
        <TouchpointSelect value={segment.touchpoint} onChange={(touchpoint) => set({ touchpoint })} name="touchpoint" />
        <label>
          <span>Channel</span>
          <select value={segment.channel} onChange={(e) => set({ channel: e.currentTarget.value })} name="channel">
            <option value="">All</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Variable</span>
          <select
            value={segment.variable}
            onChange={(e) => set({ variable: e.currentTarget.value, value: '' })}
            name="variable"
          >
            <option value="">None</option>
            {variables.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        {segment.variable &&
          (levels.data?.kind === 'numeric' ? (
            <label>
              <span>Value</span>
              <input
                type="text"
                name="value"
                maxLength={200}
                value={segment.value}
                onChange={(e) => set({ value: e.currentTarget.value.trim() })}
              />
            </label>
          ) : (
            <label>
              <span>Value</span>
              <select value={segment.value} onChange={(e) => set({ value: e.currentTarget.value })} name="value">
                <option value="">Any</option>
                {values.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          ))}
      </form>
      {chips.length > 0 && (
        <p class="actions" data-testid="segment-chips">
          {chips.map((c) => (
            <span key={c.key} class="badge badge-info">
              filtered: {c.label}{' '}
              <button type="button" class="link" aria-label={`Remove filter ${c.label}`} onClick={() => set(c.clear)}>
                ×
              </button>
            </span>
          ))}
          <button
            type="button"
            class="btn btn-small"
            onClick={() => onChange({ touchpoint: '', channel: '', variable: '', value: '' })}
          >
            Reset filters
          </button>
        </p>
      )}
    </>
  );
}
