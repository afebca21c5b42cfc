import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
/** SQLite's default page size: the third page holds tables' b-tree pages, not the header. */
const PAGE_BYTES = 4096;

const doctor = (db: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', CLI, 'doctor', '--db', db], {
    encoding: 'utf8',
    // tsx is a dependency of the collector package, resolved from its folder
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** Each run starts the CLI under tsx, which takes several seconds on a loaded machine. */
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
