import { CONFIDENCE_LEVEL } from '../scoring/intervals.js';
import { zCritical } from '../scoring/normal.js';
import { npsAdjustedWald, NPS_MAX } from '../scoring/nps.js';

/** Promoters, detractors and all of a group of NPS answers. */
export interface BandCounts {
  promoters: number;
  detractors: number;
  n: number;
}

/** A theme's impact on NPS, in NPS points, with a 95% interval. */
export interface ThemeImpact {
  impact: number;
  low: number;
  high: number;
}

const raw = (c: BandCounts) => (NPS_MAX * (c.promoters - c.detractors)) / c.n;

/**
 * Theme impact on NPS (Thematic's definition): NPS of all minus NPS of those not mentioning the theme.
 * With w the theme's share of the answers, NPS(all) = w·NPS(theme) + (1 − w)·NPS(rest), so the impact is
 * w·(NPS(theme) − NPS(rest)); the two groups are disjoint, so its SE is w·√(SE_theme² + SE_rest²) from
 * their adjusted-Wald SEs. Null when either group is empty.
 */
export function themeImpact(theme: BandCounts, all: BandCounts, level = CONFIDENCE_LEVEL): ThemeImpact | null {
  const rest = {
    promoters: all.promoters - theme.promoters,
    detractors: all.detractors - theme.detractors,
    n: all.n - theme.n,
  };
  if (theme.n === 0 || rest.n === 0) return null;
  const w = theme.n / all.n;
  const a = npsAdjustedWald(theme.promoters, theme.detractors, theme.n)!;
  const b = npsAdjustedWald(rest.promoters, rest.detractors, rest.n)!;
  const impact = raw(all) - raw(rest);
  const half = zCritical(level) * w * Math.sqrt(a.se * a.se + b.se * b.se);
  const centre = w * (a.centre - b.centre);
  return { impact, low: centre - half, high: centre + half };
}
