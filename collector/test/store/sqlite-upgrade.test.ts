import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { site, survey } from '@touchpoint/shared';
import { Analysis } from '../../src/analysis/analysis.js';
import { defaultRules } from '../../src/closed-loop/default-rules.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { migrate, SQLITE_MIGRATIONS_DIR } from '../../src/store/sqlite/migrate.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { VariableCountQuery } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';
import { inValueOrder } from '../helpers/variable-counts.js';

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-upgrade-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database file in `dir` as the collector left it before migration `number` (only the earlier ones applied). */
function databaseBefore(number: string) {
  mkdirSync(dir, { recursive: true });
  const migrations = mkdtempSync(join(dir, 'migrations-'));
  for (const f of readdirSync(SQLITE_MIGRATIONS_DIR).filter((name) => name < number)) {
    copyFileSync(join(SQLITE_MIGRATIONS_DIR, f), join(migrations, f));
  }
  const file = join(dir, `before-${number}.db`);
  const db = openDatabase(file);
  migrate(db, `${migrations}/`);
  return { file, db };
}

it('reads a site saved before a setting existed with that setting at its default (regression: 500 on GET site)', async () => {
  const store = new SqliteStore({ file: join(dir, 'old.db'), writer: 'inline' });
  await store.createSite(site.parse({ key: 'old', name: 'Old' }));
  store.db.prepare(`UPDATE sites SET settings = '{"cooldownHours":12}' WHERE key = 'old'`).run();
  expect((await store.getSite('old'))?.settings).toEqual({ cooldownHours: 12, followUpSlaHours: 48, timeZone: 'UTC' });
  await store.close();
});

it('gives a site created before migration 005 the default rules (none where they were deleted) and short key prefixes', async () => {
  // A database as the collector left it at migration 004: one site that never had its rules read, and one
  // that had its default rules created and then deleted.
  const { file, db } = databaseBefore('005');
  const addSite = db.prepare(
    `INSERT INTO sites (key, name, origins, settings, created_at, updated_at) VALUES (?, ?, '[]', '{}', ?, ?)`,
  );
  const at = new Date().toISOString();
  addSite.run('untouched', 'Untouched', at, at);
  addSite.run('emptied', 'Emptied', at, at);
  db.prepare('INSERT INTO rule_defaults (site, created_at) VALUES (?, ?)').run('emptied', at);
  const addKey = db.prepare(
    `INSERT INTO api_keys (id, name, kind, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  addKey.run('a', 'Old admin key', 'admin', 'hash-a', 'tp_admin_3q2', at);
  addKey.run('r', 'Old read key', 'read', 'hash-r', 'tp_read_Zx9k', at);
  db.close();

  const store = new SqliteStore({ file, writer: 'inline' });
  expect(await store.closedLoop.listRules('untouched')).toEqual(defaultRules());
  expect(await store.closedLoop.listRules('emptied')).toEqual([]);
  expect((await store.listApiKeys()).map((k) => k.prefix)).toEqual(['3q2', 'Zx9k']);
  await store.close();
});

it('erases by e-mail in any case and by contact answer in responses stored before the erasure keys existed', async () => {
  // A database as it was before migration 006: the migrations up to 005 only.
  const { file, db } = databaseBefore('006');
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO sites VALUES ('s', 'S', '[]', '{}', ?, ?)`).run(now, now);
  const survey = { id: 'k', questions: [{ id: 'mail', type: 'contact' }] };
  db.prepare(`INSERT INTO surveys VALUES ('s', 'k', ?, 1, ?, ?)`).run(JSON.stringify(survey), now, now);
  const insert = db.prepare(`INSERT INTO responses (id, site, survey, touchpoint, answers, partial, created_at,
    received_at, updated_at, channel, vars, respondent_email) VALUES (?, 's', 'k', 't', ?, 0, ?, ?, ?, 'web', '{}', ?)`);
  insert.run('a', '{"mail":"Old.Contact@Example.com"}', now, now, now, null);
  insert.run('b', '{}', now, now, now, 'OLD.contact@example.com');
  insert.run('c', '{"mail":"other@example.com"}', now, now, now, null);
  db.close();

  const store = new SqliteStore({ file, writer: 'inline' });
  expect(await store.deleteRespondent('s', 'old.contact@example.com')).toMatchObject({ responses: 2 });
  expect(await store.countResponses('s')).toBe(1);
  await store.close();
});

it('keeps scoring answers stored before migration 010, of a survey deleted before it too, on both paths', async () => {
  const { file, db } = databaseBefore('010');
  const at = '2026-11-01T10:00:00.000Z';
  db.prepare(`INSERT INTO sites VALUES ('s', 'S', '[]', '{}', ?, ?)`).run(at, at);
  const survey = { id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'N' } }] };
  db.prepare(`INSERT INTO surveys VALUES ('s', 'q', ?, 1, ?, ?)`).run(JSON.stringify(survey), at, at);
  const insert = db.prepare(`INSERT INTO responses (id, site, survey, touchpoint, answers, partial, created_at,
    received_at, updated_at, channel, vars) VALUES (?, 's', ?, 't', ?, 0, ?, ?, ?, 'web', '{}')`);
  insert.run('a', 'q', '{"nps":10}', at, at, at);
  insert.run('b', 'gone', '{"nps":0}', at, at, at);
  const rollup = db.prepare(`INSERT INTO score_rollups VALUES ('s', '2026-11-01', ?, 't', 'web', 'nps', 'nps', ?, 1)`);
  rollup.run('q', 10);
  rollup.run('gone', 0);
  db.close();

  const store = new SqliteStore({ file, writer: 'inline' });
  const window = { from: '2026-11-01', to: '2026-11-01' };
  const rows = await store.scoreHistograms('s', { ...window, qtype: 'nps', groupBy: 'survey' });
  expect(rows.sort((x, y) => x.value - y.value)).toEqual([
    { key: 'gone', value: 0, count: 1 },
    { key: 'q', value: 10, count: 1 },
  ]);
  const questions = [
    { survey: 'q', question: 'nps' },
    { survey: 'gone', question: 'nps' },
  ];
  const counts = await store.variableCounts('s', { ...window, questions, columns: [], variables: [], qtype: 'nps' });
  expect(counts.total).toEqual([
    [0, 1],
    [10, 1],
  ]);
  expect((await store.questionTypes('s')).map((x) => `${x.survey}/${x.question}/${x.qtype}`).sort()).toEqual([
    'gone/nps/nps',
    'q/nps/nps',
  ]);
  await store.close();
});

it('scans a site whose responses predate the variable rollups until a recount has counted them (migration 017)', async () => {
  const file = join(dir, 'before-017.db');
  const store = new SqliteStore({ file, writer: 'inline' });
  await store.createSite(site.parse({ key: 's', name: 'S' }));
  await store.createSurvey(
    's',
    survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' } }] }),
  );
  await store.saveResponses(
    Array.from({ length: 30 }, (_, i) =>
      aRecord({
        answers: { nps: i % 11 },
        createdAt: '2026-11-01T10:00:00.000Z',
        vars: { tier: i % 3 === 0 ? 'gold' : 'new' },
        device: i % 2 === 0 ? 'mobile' : null,
      }),
    ),
  );
  const query: VariableCountQuery = {
    from: '2026-11-01',
    to: '2026-11-01',
    qtype: 'nps',
    questions: [{ survey: 'q', question: 'nps' }],
    columns: ['device'],
    variables: ['tier'],
  };
  const kept = await store.variableCounts('s', query);
  expect(kept.source).toBe('rollup');
  // The database as it was before migration 017: the responses are there, the variable rollups are not.
  store.db.exec(`DROP TABLE var_rollups; DROP TABLE rollup_variables; DROP TABLE rollup_levels;
    DROP TABLE variable_rollups_pending; DELETE FROM schema_migrations WHERE version LIKE '017_%'`);
  await store.close();

  const upgraded = new SqliteStore({ file, writer: 'inline' });
  const scanned = await upgraded.variableCounts('s', query);
  expect(scanned.source).toBe('scan');
  expect(inValueOrder({ ...scanned, source: 'rollup' })).toEqual(inValueOrder(kept));
  expect(await upgraded.rebuildVariableRollups('s')).toBe(30);
  expect(inValueOrder(await upgraded.variableCounts('s', query))).toEqual(inValueOrder(kept));
  await upgraded.close();
});

it('scans impact for a site whose responses predate the impact rollups until the recount has counted them (migration 020)', async () => {
  const file = join(dir, 'before-020.db');
  const store = new SqliteStore({ file, writer: 'inline' });
  await store.createSite(site.parse({ key: 's', name: 'S' }));
  await store.createSurvey(
    's',
    survey.parse({
      id: 'q',
      name: 'Q',
      questions: [
        { id: 'sat', type: 'csat', text: { en: 'Satisfied?' } },
        { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
      ],
    }),
  );
  await store.saveResponses(
    Array.from({ length: 40 }, (_, i) =>
      aRecord({ answers: { sat: 1 + (i % 5), nps: i % 11 }, createdAt: '2026-11-01T10:00:00.000Z' }),
    ),
  );
  const analysis = new Analysis(store);
  const query = { from: '2026-11-01', to: '2026-11-01', rating: 'csat' as const, minN: 1 };
  const kept = await analysis.impact('s', query);
  expect(kept.source).toBe('rollup');
  expect(kept.rows[0]?.n).toBe(40);
  // The database as it was before migration 020: the responses are there, the impact rollups are not.
  store.db.exec(`DROP TABLE impact_rollups; DELETE FROM schema_migrations WHERE version LIKE '020_%'`);
  await store.close();

  const upgraded = new SqliteStore({ file, writer: 'inline' });
  const scanned = await new Analysis(upgraded).impact('s', query);
  expect(scanned).toEqual({ ...kept, source: 'scan', sourceNote: scanned.sourceNote });
  expect(await upgraded.rebuildVariableRollups('s')).toBe(40);
  expect(await new Analysis(upgraded).impact('s', query)).toEqual(kept);
  await upgraded.close();
});
