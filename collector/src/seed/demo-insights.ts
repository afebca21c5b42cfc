import type { StaffRoster } from '@touchpoint/shared';
import { insightEngine } from '../insights/engine.js';
import type { Store } from '../store/store.js';

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
export async function seedDemoInsights(store: Store, site = 'demo'): Promise<number> {
  const engine = insightEngine(store, 'inline');
  if (!engine) return 0;
  try {
    await engine.store.saveConfig(site, { roster: DEMO_ROSTER });
    return await engine.backfill(site);
  } finally {
    await engine.close();
  }
}
