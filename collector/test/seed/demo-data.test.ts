import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCatalog, seedDemoResponses } from '../../src/seed/demo-data.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/** The seed's clock, so ages are exact. */
const NOW = new Date('2026-11-20T12:00:00Z');
const DAY_MS = 86_400_000;
/** The trigger names the widget fires (widget/src/triggers/*.ts), plus the kiosk and link pages'. */
const WIDGET_TRIGGER =
  /^(page-view|kiosk|link|exit-intent:(desktop|scroll-up|hidden|back)|cart-drop-off:(idle|exit-(desktop|scroll-up|hidden|back)))$/;

let dir = '';
let store: SqliteStore;
const all = <T>(sql: string, ...args: unknown[]) => store.db.prepare(sql).all(...args) as T[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-seed-'));
  store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 2000, { seed: 5, now: NOW });
  // Its own bound: ~3.5 s on an idle machine; at load 20 on 2 cores it overran the project's 30 s.
}, 120_000);
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('spreads answers over 180 days, so the previous 90-day period has real samples too', () => {
  const ages = all<{ created_at: string }>('SELECT created_at FROM responses').map(
    (r) => (NOW.getTime() - Date.parse(r.created_at)) / DAY_MS,
  );
  expect(Math.max(...ages)).toBeGreaterThan(170);
  expect(Math.max(...ages)).toBeLessThanOrEqual(181);
  expect(ages.filter((a) => a > 90).length).toBeGreaterThan(ages.length / 3);
});

it('names every trigger as the widget names it', () => {
  const triggers = all<{ trigger: string }>('SELECT DISTINCT trigger FROM responses').map((r) => r.trigger);
  expect(triggers.filter((t) => !WIDGET_TRIGGER.test(t))).toEqual([]);
  expect(triggers).toContain('cart-drop-off:exit-desktop');
});

it('counts cart drop-off answers for the shop page the survey fired on, as that page tags it', () => {
  const tagged = new Set(
    readdirSync(join(__dirname, '../../../demo-site/pages')).flatMap((f) =>
      [
        ...readFileSync(join(__dirname, '../../../demo-site/pages', f), 'utf8').matchAll(/data-touchpoint="([^"]+)"/g),
      ].map((m) => m[1]),
    ),
  );
  const pages = all<{ touchpoint: string }>(
    `SELECT DISTINCT touchpoint FROM responses WHERE survey = 'cart-drop-off'`,
  ).map((r) => r.touchpoint);
  expect(pages).toContain('product-page');
  expect(pages.filter((p) => !tagged.has(p))).toEqual([]);
});

it('leaves an inbox that looks worked: open, contacted and resolved cases with notes, a few overdue', async () => {
  const cases = await store.closedLoop.listCases('demo', { limit: 100_000 }, NOW.toISOString());
  const count = (s: string) => cases.filter((c) => c.status === s).length;
  expect(count('open')).toBeGreaterThan(10);
  expect(count('contacted')).toBeGreaterThan(10);
  expect(count('resolved')).toBeGreaterThan(cases.length / 2);
  const overdue = cases.filter((c) => c.overdue).length;
  expect(overdue).toBeGreaterThan(0);
  expect(overdue).toBeLessThan(cases.length / 5);
  expect(cases.filter((c) => c.status !== 'open').every((c) => c.notes.length > 0 && c.assignee)).toBe(true);
  expect(cases.every((c) => !c.resolvedAt || (c.resolvedAt > c.openedAt && c.resolvedAt < NOW.toISOString()))).toBe(
    true,
  );
});

it('keeps device a built-in only, so segments list it once', () => {
  const [row] = all<{ n: number }>(
    `SELECT count(*) AS n FROM responses WHERE json_extract(vars, '$.device') IS NOT NULL`,
  );
  expect(row?.n).toBe(0);
});

it('names the demo kiosks, as an operator would in the kiosk health view', async () => {
  expect((await store.listKiosks('demo')).map((k) => k.name)).toEqual(['Till tablet', 'Entrance tablet']);
});
