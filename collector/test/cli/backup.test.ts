import { execFile } from 'node:child_process';
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../src/cli/backup.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { cliArgs, COLLECTOR_DIR } from '../helpers/cli-bundle.js';

/** Each run starts the CLI as a child process, which takes several seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;
/** Responses per posted batch while a backup runs. */
const BATCH = 20;
/** SQLite's default page size: the third page holds tables' b-tree pages, not the header. */
const PAGE_BYTES = 4096;

const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, cliArgs(...args), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** Responses, and what the rollups say about them (each test response has one NPS answer). */
function counts(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      responses: one('SELECT count(*) FROM responses'),
      npsRollup: one("SELECT coalesce(sum(count), 0) FROM score_rollups WHERE question = 'nps'"),
      answered: one('SELECT coalesce(sum(answered), 0) FROM response_counts'),
    };
  } finally {
    db.close();
  }
}

describe('touchpoint backup and restore', () => {
  let c: TestCollector;
  let dir = '';
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
    dir = dirname(c.dbPath);
  });
  afterEach(async () => c.close());

  const post = async () => {
    const responses = Array.from({ length: BATCH }, () => aResponse());
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode, res.body).toBe(200);
  };

  it(
    'backs up a consistent copy while answers are being written, and restores it with the same counts',
    { timeout: CLI_TIMEOUT_MS },
    async () => {
      for (let i = 0; i < 5; i++) await post();
      const before = counts(c.dbPath).responses;
      let writing = true;
      let batchesDuringBackup = 0;
      const writer = (async () => {
        while (writing) {
          await post();
          batchesDuringBackup++;
        }
      })();
      const backupFile = join(dir, 'backup.db');
      const run = await cli('backup', backupFile, '--db', c.dbPath).finally(() => {
        writing = false;
      });
      await writer;
      expect(batchesDuringBackup).toBeGreaterThan(0);
      const copy = counts(backupFile);
      expect(run.stdout).toContain(`integrity_check ok, ${copy.responses} responses`);
      expect(copy.responses).toBeGreaterThanOrEqual(before);
      expect(copy.responses).toBeLessThanOrEqual(counts(c.dbPath).responses);
      // One commit's state: every stored response is in the rollups, no more and no less.
      expect(copy.npsRollup).toBe(copy.responses);
      expect(copy.answered).toBe(copy.responses);

      const target = join(dir, 'restored.db');
      const restored = await cli('restore', backupFile, '--db', target);
      expect(restored.stdout).toContain(`Restored ${backupFile} to ${target}: integrity_check ok`);
      expect(counts(target)).toEqual(copy);
    },
  );

  it('refuses to restore over a database a running collector has open, even with --force', async () => {
    const backupFile = join(dir, 'backup.db');
    await post();
    await backupDatabase(c.dbPath, backupFile);
    await expect(restoreDatabase(backupFile, c.dbPath, { force: true })).rejects.toThrow(/is in use/);
    const list = await c.app.inject({ url: '/v1/admin/sites/shop/responses', headers: admin() });
    expect(list.json().items).toHaveLength(BATCH);
  });

  it('replaces an existing database only with --force, and then has the backup counts', async () => {
    await post();
    const backupFile = join(dir, 'backup.db');
    await backupDatabase(c.dbPath, backupFile);
    await expect(backupDatabase(c.dbPath, backupFile)).rejects.toThrow(/exists: pass --force/);
    const target = join(dir, 'other.db');
    copyFileSync(backupFile, target);
    const other = new Database(target);
    other.exec('DELETE FROM responses');
    other.close();
    await expect(restoreDatabase(backupFile, target)).rejects.toThrow(/exists: pass --force/);
    const report = await restoreDatabase(backupFile, target, { force: true });
    expect(report).toMatchObject({ responses: BATCH, pending: 0 });
    expect(counts(target)).toEqual(counts(backupFile));
  });

  it('refuses a backup that fails integrity_check or comes from a newer schema', async () => {
    await post();
    const backupFile = join(dir, 'backup.db');
    await backupDatabase(c.dbPath, backupFile);
    const newer = join(dir, 'newer.db');
    copyFileSync(backupFile, newer);
    const db = new Database(newer);
    db.prepare("INSERT INTO schema_migrations VALUES ('999_future.sql', '2030-01-01T00:00:00Z')").run();
    db.close();
    await expect(restoreDatabase(newer, join(dir, 'a.db'))).rejects.toThrow(
      /newer collector \(migration 999_future\.sql/,
    );
    const broken = join(dir, 'broken.db');
    copyFileSync(backupFile, broken);
    const fd = openSync(broken, 'r+');
    writeSync(fd, Buffer.alloc(2000, 0xff), 0, 2000, PAGE_BYTES * 3);
    closeSync(fd);
    await expect(restoreDatabase(broken, join(dir, 'b.db'))).rejects.toThrow(/integrity_check|not a readable/);
  });
});
