import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';

/** Whether this machine lets us mark a file immutable (root with CAP_LINUX_IMMUTABLE on ext4 and the like). */
function canChattr(file: string): boolean {
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('GET /healthz', () => {
  let c: TestCollector | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('answers 200 when the store can read and write', async () => {
    c = await startCollector();
    const res = await c.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  // Tests run as root, where chmod does not stop writes: this makes SQLite itself refuse to write on the
  // store's connection (what a read-only file looks like to it), not the file system.
  it('answers 503 TP_ERR_UNAVAILABLE when SQLite refuses to write, and 200 again once it can', async () => {
    c = await startCollector();
    const db = (c.app.store as SqliteStore).db;
    db.pragma('query_only = ON');
    const res = await c.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ statusCode: 503, code: 'TP_ERR_UNAVAILABLE', error: 'Service Unavailable' });
    db.pragma('query_only = OFF');
    expect((await c.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  // The file system refusing the write (an immutable WAL file refuses even root), where the machine allows it.
  it('answers 503 when the database files cannot be written', async (ctx) => {
    c = await startCollector();
    await c.app.inject({ url: '/healthz' });
    const wal = `${c.dbPath}-wal`;
    if (!canChattr(wal)) ctx.skip();
    execFileSync('chattr', ['+i', wal, c.dbPath]);
    try {
      const res = await c.app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('TP_ERR_UNAVAILABLE');
    } finally {
      execFileSync('chattr', ['-i', wal, c.dbPath]);
    }
  });
});
