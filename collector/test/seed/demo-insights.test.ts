import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { staffKudos, themeSummaries } from '../../src/insights/sqlite-insight-views.js';
import { DEFAULT_TAXONOMY } from '../../src/insights/default-taxonomy.js';
import { seedDemoCatalog, seedDemoResponses } from '../../src/seed/demo-data.js';
import { DEMO_ROSTER, seedDemoInsights } from '../../src/seed/demo-insights.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const WINDOW = { from: '2026-05-01', to: '2026-11-20' };

/** Seeding 2,000 responses commits on disk: past the project's 30 s on a loaded machine. */
const SEED_TIMEOUT_MS = 120_000;

let dir = '';
let store: SqliteStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-seed-insights-'));
  store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 2000, { seed: 5, now: NOW });
  await seedDemoInsights(store);
}, SEED_TIMEOUT_MS);
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('gives the demo comments themes across the taxonomy, praised and criticised', () => {
  const view = themeSummaries(store.db, 'demo', WINDOW, DEFAULT_TAXONOMY);
  expect(view.withText).toBeGreaterThan(100);
  const found = view.themes.filter((t) => t.count > 0);
  expect(found.length).toBeGreaterThanOrEqual(9);
  const queue = view.themes.find((t) => t.theme === 'queue-checkout')!;
  expect(queue.sentiment.negative).toBeGreaterThan(0);
  expect(queue.sentiment.positive).toBeGreaterThan(0);
  expect(queue.npsImpact).toBeLessThan(0);
});

it('names demo staff in praise and in complaints', () => {
  const kudos = staffKudos(store.db, 'demo', WINDOW, DEMO_ROSTER, false);
  const people = kudos.stores.flatMap((s) => s.staff);
  expect(new Set(people.map((p) => p.staff)).size).toBeGreaterThanOrEqual(4);
  expect(people.some((p) => p.praise > 0)).toBe(true);
  expect(people.some((p) => p.complaints > 0)).toBe(true);
  expect(people.every((p) => p.name === undefined)).toBe(true);
});
