import type { EmergingQuery, StaffRoster, ThemeTrendQuery, VerbatimQuery } from '@touchpoint/shared';
import type { emergingThemes } from './emerging.js';
import type { trendOf } from './insight-trend.js';
import type { InsightSegment, InsightWindow, staffKudosOf, summariseThemes, verbatimItem } from './insight-views.js';
import type { Taxonomy } from './types.js';

/** A site's insight settings: its taxonomy (the default until edited) and roster. */
export interface InsightConfig {
  taxonomy: Taxonomy;
  /** the taxonomy is the seeded default */
  isDefault: boolean;
  roster: StaffRoster;
}

/** An edit of a site's insight settings: a taxonomy (null: back to the default) or a roster, or both. */
export interface InsightConfigEdit {
  taxonomy?: Taxonomy | null;
  roster?: StaffRoster;
}

/** GET …/insights/emerging. */
export interface EmergingView {
  from: string;
  to: string;
  unmatched: number;
  clusters: ReturnType<typeof emergingThemes>;
  /** when the clustering was computed (it is stored and read back while fresh: emerging-results.ts) */
  computedAt: string;
}

/**
 * Verbatim insights as the routes see them, whatever the store: settings and views. Each store runs its own
 * SQL and hands the rows to the dialect-neutral half of each view (insight-views.ts, insight-trend.ts).
 */
export interface InsightStore {
  /** A site's taxonomy and roster. */
  config(site: string): Promise<InsightConfig>;
  /** Replaces a site's taxonomy or roster (what the edit names). */
  saveConfig(site: string, edit: InsightConfigEdit): Promise<void>;
  themes(
    site: string,
    w: InsightWindow,
    taxonomy: Taxonomy,
    segment?: InsightSegment,
  ): Promise<ReturnType<typeof summariseThemes>>;
  trend(
    site: string,
    q: ThemeTrendQuery,
    taxonomy: Taxonomy,
    segment?: InsightSegment,
  ): Promise<ReturnType<typeof trendOf>>;
  emerging(site: string, q: EmergingQuery, segment?: InsightSegment): Promise<EmergingView>;
  /** The worker's tick: computes stale stored emerging results again (emerging-results.ts); how many. */
  refreshEmerging(now?: Date): Promise<number>;
  verbatims(
    site: string,
    q: VerbatimQuery,
    roster: StaffRoster,
    segment?: InsightSegment,
  ): Promise<{ total: number; items: ReturnType<typeof verbatimItem>[] }>;
  staff(
    site: string,
    w: InsightWindow,
    roster: StaffRoster,
    withNames: boolean,
    segment?: InsightSegment,
  ): Promise<ReturnType<typeof staffKudosOf>>;
}
