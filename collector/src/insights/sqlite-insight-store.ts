import type { EmergingQuery, StaffRoster, ThemeTrendQuery, VerbatimQuery } from '@touchpoint/shared';
import type { InsightConfigEdit, InsightStore } from './insight-store.js';
import type { InsightSegment, InsightWindow } from './insight-views.js';
import { readEmerging, refreshEmerging, type EmergingResults } from './emerging-results.js';
import { sqliteEmergingResults } from './sqlite-emerging-view.js';
import { staffKudos, themeSummaries, verbatims } from './sqlite-insight-views.js';
import type { SqliteInsights } from './sqlite-insights.js';
import { themeTrend } from './sqlite-trend-view.js';
import type { Taxonomy } from './types.js';

/** The InsightStore of the SQLite store: its settings and views on the store's connection. */
export class SqliteInsightStore implements InsightStore {
  private readonly emergingResults: EmergingResults;

  constructor(readonly insights: SqliteInsights) {
    this.emergingResults = sqliteEmergingResults(insights.db);
  }

  async config(site: string) {
    return this.insights.config(site);
  }
  async saveConfig(site: string, edit: InsightConfigEdit) {
    this.insights.saveConfig(site, edit);
  }
  async themes(site: string, w: InsightWindow, taxonomy: Taxonomy, segment?: InsightSegment) {
    return themeSummaries(this.insights.db, site, w, taxonomy, segment);
  }
  async trend(site: string, q: ThemeTrendQuery, taxonomy: Taxonomy, segment?: InsightSegment) {
    return themeTrend(this.insights.db, site, q, taxonomy, segment);
  }
  async emerging(site: string, q: EmergingQuery, segment?: InsightSegment) {
    return readEmerging(this.emergingResults, site, q, segment);
  }
  async refreshEmerging(now?: Date) {
    return refreshEmerging(this.emergingResults, now);
  }
  async verbatims(site: string, q: VerbatimQuery, roster: StaffRoster, segment?: InsightSegment) {
    return verbatims(this.insights.db, site, q, roster, segment);
  }
  async staff(site: string, w: InsightWindow, roster: StaffRoster, withNames: boolean, segment?: InsightSegment) {
    return staffKudos(this.insights.db, site, w, roster, withNames, segment);
  }
}
