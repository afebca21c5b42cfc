import type { StaffRoster } from '@touchpoint/shared';
import { SqliteInsights } from '../insights/sqlite-insights.js';
import { InsightWorker } from '../insights/worker.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';

/** The demo stores' staff, as named in the demo verbatims (seed/verbatims.ts). Fictional people. */
export const DEMO_ROSTER: StaffRoster = {
  staff: [
    { id: 'jana', name: 'Jana Berger', aliases: [], touchpoints: [] },
    { id: 'lukas', name: 'Lukas Schneider', aliases: ['Luke'], touchpoints: [] },
    { id: 'mehmet', name: 'Mehmet Yilmaz', aliases: [], touchpoints: [] },
    { id: 'sophie', name: 'Sophie Turner', aliases: [], touchpoints: [] },
    { id: 'katharina', name: 'Katharina Vogel', aliases: ['Kathi'], touchpoints: [] },
  ],
};

/** Gives the demo site its roster and analyses its comments, so the insight views show something at once. */
export function seedDemoInsights(store: SqliteStore, site = 'demo'): number {
  const insights = new SqliteInsights(store.db);
  insights.saveConfig(site, { roster: DEMO_ROSTER });
  return new InsightWorker(insights).backfill(site);
}
