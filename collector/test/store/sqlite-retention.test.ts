import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { site, survey } from '@touchpoint/shared';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { aRecord } from '../helpers/records.js';

/** More than two of retention's batches (500), so that the last, partial batch is reached too. */
const OLD_RESPONSES = 1201;

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-retention-'));
  store = new SqliteStore({ file: join(dir, 'r.db'), writer: 'inline' });
  await store.createSite(site.parse({ key: 's', name: 'S' }));
  const questions = [
    { id: 'nps', type: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
  ];
  await store.createSurvey('s', survey.parse({ id: 'q', name: 'Q', touchpoint: 'tp', questions }));
  const old = Array.from({ length: OLD_RESPONSES }, (_, i) =>
    aRecord({ createdAt: '2024-01-01T00:00:00.000Z', answers: { nps: i % 11, why: 'words' }, respondentId: `c${i}` }),
  );
  await store.saveResponses([...old, aRecord({ createdAt: '2026-11-01T00:00:00.000Z', respondentId: 'recent' })]);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const CUT_OFF = '2025-01-01T00:00:00.000Z';
const identified = () =>
  store.db.prepare('SELECT count(*) FROM responses WHERE respondent_id IS NOT NULL').pluck().get() as number;

it('anonymises every old response across several batches, and none twice', async () => {
  expect(await store.applyRetention('s', CUT_OFF, 'anonymise')).toBe(OLD_RESPONSES);
  expect(identified()).toBe(1);
  expect(store.db.prepare(`SELECT count(*) FROM responses WHERE answers LIKE '%words%'`).pluck().get()).toBe(0);
  expect(await store.applyRetention('s', CUT_OFF, 'anonymise')).toBe(0);
});

it('deletes every old response across several batches and keeps the recent one', async () => {
  expect(await store.applyRetention('s', CUT_OFF, 'delete')).toBe(OLD_RESPONSES);
  expect(await store.countResponses('s')).toBe(1);
  expect(identified()).toBe(1);
});
