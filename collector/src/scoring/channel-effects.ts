/**
 * Channel (mode) effects: how much higher or lower a channel's answers run than the reference channel's
 * at the same touchpoint, and scores adjusted for them.
 *
 * Model: respondent-level score = touchpoint effect + channel offset + error, fitted by least squares
 * (touchpoint fixed effects), so channels are compared like with like: only within touchpoints that
 * collect answers through more than one channel. This is the idea of HCAHPS mode adjustment (Elliott et
 * al. 2009, Health Services Research 44:501–518), estimated on the site's own data. The reference is the
 * channel with the most answers. A channel never linked to the reference through a shared touchpoint has
 * no estimable offset (null): its answers are left unadjusted.
 *
 * Adjusted score of a touchpoint: its score as if its respondents came through the site's overall mix
 * of channels: score − Σ_c share(t, c) · (offset_c − mix), mix = Σ_c share(site, c) · offset_c over the
 * channels with an offset. Adjusting to the site mix leaves the site's overall score unchanged. The
 * interval is shifted by the same amount; the offsets' own uncertainty is not added to it.
 */
import { CONFIDENCE_LEVEL } from './intervals.js';
import { CrossProducts, fitLeastSquares, linkedLevels } from './linear-model.js';
import { zCritical } from './normal.js';

/** Respondents of one touchpoint and channel: n, Σ score, Σ score² (respondent-level scores). */
export interface ChannelCell {
  touchpoint: string;
  channel: string;
  n: number;
  sum: number;
  sumSquares: number;
}

/** One channel's offset against the reference channel. */
export interface ChannelOffset {
  channel: string;
  n: number;
  /** touchpoints where the channel has answers */
  touchpoints: number;
  /** touchpoints where it has answers beside another channel: where the comparison is made */
  sharedTouchpoints: number;
  /** points above (+) or below (−) the reference at the same touchpoint; 0 for the reference, null if not estimable */
  offset: number | null;
  se: number | null;
  low: number | null;
  high: number | null;
}

/** The fitted channel effects and each touchpoint's adjustment. */
export interface ChannelEffects {
  n: number;
  /** the channel with the most answers, against which offsets are given; null without answers */
  reference: string | null;
  offsets: ChannelOffset[];
  /** the channel-offset average over the site's respondents with an offset (the mix adjusted to) */
  mix: number;
  /** touchpoint → points to add to its score (0 for a touchpoint with the site's own mix) */
  adjustments: Map<string, number>;
}

/** Sums cells of the same touchpoint and channel. */
function merge(cells: readonly ChannelCell[]): ChannelCell[] {
  const byKey = new Map<string, ChannelCell>();
  for (const c of cells) {
    if (!(c.n >= 0) || !Number.isFinite(c.sum) || !Number.isFinite(c.sumSquares))
      throw new RangeError(`channel cell ${c.touchpoint}/${c.channel}: n, sum and sumSquares must be finite`);
    if (c.n === 0) continue;
    const key = `${c.touchpoint}\u0000${c.channel}`;
    const m = byKey.get(key);
    if (m) {
      m.n += c.n;
      m.sum += c.sum;
      m.sumSquares += c.sumSquares;
    } else byKey.set(key, { ...c });
  }
  return [...byKey.values()];
}

/** Estimates channel offsets with touchpoint fixed effects and each touchpoint's adjustment to the site mix. */
export function channelEffects(input: readonly ChannelCell[]): ChannelEffects {
  const cells = merge(input);
  const nOf = (key: (c: ChannelCell) => string) => {
    const m = new Map<string, number>();
    for (const c of cells) m.set(key(c), (m.get(key(c)) ?? 0) + c.n);
    return m;
  };
  const byChannel = nOf((c) => c.channel);
  const byTouchpoint = nOf((c) => c.touchpoint);
  const n = [...byChannel.values()].reduce((a, b) => a + b, 0);
  const order = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const channels = [...byChannel].sort(order).map(([c]) => c);
  const touchpoints = [...byTouchpoint].sort(order).map(([t]) => t);
  const reference = channels[0] ?? null;
  if (reference === null) return { n: 0, reference, offsets: [], mix: 0, adjustments: new Map() };

  // Columns: intercept; one per touchpoint but the largest; one per channel but the reference.
  const tpColumn = new Map(touchpoints.slice(1).map((t, i) => [t, 1 + i]));
  const chColumn = new Map(channels.slice(1).map((c, i) => [c, touchpoints.length + i]));
  const cp = new CrossProducts(touchpoints.length + channels.length - 1);
  for (const c of cells) {
    const active = [tpColumn.get(c.touchpoint), chColumn.get(c.channel)].filter((x): x is number => x !== undefined);
    cp.add(active, c.n, c.sum, c.sumSquares);
  }
  const fit = fitLeastSquares(cp, [...tpColumn.values(), ...chColumn.values()]);
  const position = new Map(fit.columns.map((col, i) => [col, i]));
  const linked = linkedLevels(
    cells.map((c) => [c.channel, c.touchpoint] as const),
    reference,
  );
  const z = zCritical(CONFIDENCE_LEVEL);
  const channelsAt = new Map<string, Set<string>>();
  for (const c of cells) channelsAt.set(c.touchpoint, (channelsAt.get(c.touchpoint) ?? new Set()).add(c.channel));

  const offsets = channels.map((channel): ChannelOffset => {
    const tps = cells.filter((c) => c.channel === channel).map((c) => c.touchpoint);
    const shared = tps.filter((t) => (channelsAt.get(t)?.size ?? 0) > 1).length;
    const base = { channel, n: byChannel.get(channel) ?? 0, touchpoints: tps.length, sharedTouchpoints: shared };
    if (channel === reference) return { ...base, offset: 0, se: null, low: null, high: null };
    const i = position.get(chColumn.get(channel) ?? -1) ?? -1;
    const b = fit.coefficients[i];
    if (!linked.has(channel) || b === null || b === undefined)
      return { ...base, offset: null, se: null, low: null, high: null };
    const v = fit.covariance(i, i);
    const se = v === null ? null : Math.sqrt(Math.max(0, v));
    return { ...base, offset: b, se, low: se === null ? null : b - z * se, high: se === null ? null : b + z * se };
  });

  const offsetOf = new Map(offsets.filter((o) => o.offset !== null).map((o) => [o.channel, o.offset ?? 0]));
  let withOffset = 0;
  let mix = 0;
  for (const [channel, offset] of offsetOf) {
    const count = byChannel.get(channel) ?? 0;
    withOffset += count;
    mix += count * offset;
  }
  mix = withOffset > 0 ? mix / withOffset : 0;
  const adjustments = new Map<string, number>();
  for (const t of touchpoints) adjustments.set(t, 0);
  for (const c of cells) {
    const offset = offsetOf.get(c.channel);
    if (offset === undefined) continue;
    const share = c.n / (byTouchpoint.get(c.touchpoint) ?? 1);
    adjustments.set(c.touchpoint, (adjustments.get(c.touchpoint) ?? 0) - share * (offset - mix));
  }
  return { n, reference, offsets, mix, adjustments };
}
