import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { migrate, SQLITE_MIGRATIONS_DIR } from '../../src/store/sqlite/migrate.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-upgrade-outbox-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database file as the collector left it before migration `number` (see sqlite-upgrade.test.ts). */
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

it('keeps the queued e-mails and webhook calls when migration 014 lets the outbox hold notifications', async () => {
  const { file, db } = databaseBefore('014');
  const at = '2026-12-01T08:00:00.000Z';
  db.prepare(
    `INSERT INTO sites (key, name, origins, settings, created_at, updated_at) VALUES ('old', 'Old', '[]', '{}', ?, ?)`,
  ).run(at, at);
  const add = db.prepare(`INSERT INTO outbox (id, site, kind, event, target, payload, status, attempts,
    next_attempt_at, last_error, created_at) VALUES (?, 'old', ?, ?, ?, '{}', ?, ?, ?, ?, ?)`);
  add.run('m1', 'email', 'reply', 'a@example.com', 'pending', 0, at, null, at);
  add.run('w1', 'webhook', 'case.opened', 'wh_1', 'dead', 8, null, 'HTTP 500 Internal Server Error', at);
  expect(() => add.run('n0', 'notify', 'alert', 'chat', 'pending', 0, at, null, at)).toThrow(/CHECK/);
  db.close();

  const store = new SqliteStore({ file, writer: 'inline' });
  const log = await store.closedLoop.listDeliveries('old', { limit: 50 });
  expect(log.map((d) => [d.id, d.kind, d.status, d.attempts, d.lastError])).toEqual([
    ['w1', 'webhook', 'dead', 8, 'HTTP 500 Internal Server Error'],
    ['m1', 'email', 'pending', 0, null],
  ]);
  store.db
    .prepare(
      `INSERT INTO outbox (id, site, kind, event, target, payload, status, created_at)
      VALUES ('n1', 'old', 'notify', 'alert', 'chat', '{}', 'pending', ?)`,
    )
    .run(at);
  const indexes = store.db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'
    AND sql IS NOT NULL ORDER BY name`,
    )
    .pluck()
    .all();
  expect(indexes).toEqual(['outbox_due', 'outbox_reply_target', 'outbox_response', 'outbox_site_created']);
  expect(await store.closedLoop.countPending('notify')).toBe(1);
  await store.close();
});
