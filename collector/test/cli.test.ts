import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliArgs, COLLECTOR_DIR } from './helpers/cli-bundle.js';

/** SQLite's default page size: the third page holds tables' b-tree pages, not the header. */
const PAGE_BYTES = 4096;

const doctor = (db: string) =>
  spawnSync(process.execPath, cliArgs('doctor', '--db', db), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** Each run starts the CLI as a child process, which takes several seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;

describe('touchpoint doctor', { timeout: CLI_TIMEOUT_MS }, () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports quick_check ok and a working write on a healthy database, exit code 0', () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-doctor-'));
    const run = doctor(join(dir, 't.db'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/quick_check\s+ok/);
    expect(run.stdout).toMatch(/write\s+ok/);
  });

  it('exits 1 on a database file with overwritten pages', () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-doctor-'));
    const db = join(dir, 't.db');
    expect(doctor(db).status).toBe(0);
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(2000, 0xff), 0, 2000, PAGE_BYTES * 3);
    closeSync(fd);
    const run = doctor(db);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/malformed|problem/);
  });
});
