import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { site, survey, touchpoint } from '@touchpoint/shared';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SqliteWriter, type Write } from '../../src/store/sqlite/writer.js';
import { aRecord } from '../helpers/records.js';

let dir = '';
let db: Database;
let writer: SqliteWriter;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-writer-'));
  const file = join(dir, 'db.sqlite');
  const store = new SqliteStore({ file, writer: 'inline' });
  await store.createSite(site.parse({ key: 's', name: 'S', origins: ['https://s.example'] }));
  await store.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'Till', kind: 'store' }));
  await store.createSurvey(
    's',
    survey.parse({
      id: 'q',
      name: 'NPS',
      touchpoint: 'tp',
      questions: [{ id: 'nps', type: 'nps', text: { en: 'How likely?' }, required: true }],
      trigger: { type: 'manual' },
    }),
  );
  await store.close();
  db = openDatabase(file);
  writer = new SqliteWriter(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const response = (nps: number, over: Parameters<typeof aRecord>[0] = {}): Write => ({
  response: aRecord({ answers: { nps }, ...over }),
});
const idOf = (w: Write): string => ('response' in w ? w.response.id : w.event.id);
const count = (sql: string): number => db.prepare(sql).pluck().get() as number;

it("rolls back only the failing caller's rows, rollup counts and cases, and commits the others", () => {
  const a = response(9);
  const b = response(2); // a detractor: would open a case
  const bad = response(10, { site: 'no-such-site' });
  const d = response(3);
  const results = writer.commit([[a], [b, bad], [d]]);

  expect(results[0]).toEqual([{ id: idOf(a), status: 'created' }]);
  expect(results[1]).toBeInstanceOf(Error);
  expect(results[2]).toEqual([{ id: idOf(d), status: 'created' }]);
  const ids = db.prepare('SELECT id FROM responses ORDER BY id').pluck().all();
  expect(ids).toEqual([idOf(a), idOf(d)].sort());
  expect(db.prepare('SELECT value, count FROM score_rollups ORDER BY value').all()).toEqual([
    { value: 3, count: 1 },
    { value: 9, count: 1 },
  ]);
  expect(count('SELECT sum(answered) FROM response_counts')).toBe(2);
  expect(db.prepare('SELECT response_id FROM cases').pluck().all()).toEqual([idOf(d)]);
});

it('runs the default rules a site got at creation in a commit that had to be redone for a failing caller', () => {
  // The site's rules are first read (and cached) inside this commit; its rollback must not lose them.
  const rules = count('SELECT count(*) FROM rules');
  expect(rules).toBeGreaterThan(0);
  const detractor = response(1);
  writer.commit([[detractor], [response(10, { site: 'no-such-site' })]]);
  expect(count('SELECT count(*) FROM rules')).toBe(rules);
  expect(db.prepare('SELECT response_id FROM cases').pluck().all()).toEqual([idOf(detractor)]);
});

it('commits every caller together when none fails, and tells each its outcomes', () => {
  const first = response(9);
  const results = writer.commit([[first], [response(8), response(7)]]);
  expect(results.map((r) => (r instanceof Error ? 'error' : r.map((o) => o.status)))).toEqual([
    ['created'],
    ['created', 'created'],
  ]);
  expect(writer.commit([[first]])).toEqual([[{ id: idOf(first), status: 'duplicate' }]]);
  expect(count('SELECT sum(count) FROM score_rollups')).toBe(3);
});

it('reports a conflict for a taken id, even when it comes for a site that does not exist', () => {
  const taken = aRecord({ answers: { nps: 9 } });
  writer.commit([[{ response: taken }]]);
  const again = { response: { ...taken, site: 'other' } };
  expect(writer.commit([[again]])).toEqual([[{ id: taken.id, status: 'conflict' }]]);
});
