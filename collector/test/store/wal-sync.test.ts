import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { WalSync } from '../../src/store/sqlite/wal-sync.js';

describe('WalSync', () => {
  let dir = '';
  let file = '';
  let db: Database;
  let wal: WalSync;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-wal-sync-'));
    file = join(dir, 'db.sqlite');
    db = openDatabase(file);
    db.exec('CREATE TABLE t (v INTEGER)');
    wal = new WalSync(db, file);
  });
  afterEach(() => {
    wal.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (v: number) => () => db.prepare('INSERT INTO t VALUES (?)').run(v).changes;

  it('acknowledges a commit only through a promise (after the WAL sync), with the commit’s result', async () => {
    const acked = wal.commit(insert(1));
    expect(acked).toBeInstanceOf(Promise);
    expect(await acked).toBe(1);
    const other = openDatabase(file);
    expect(other.prepare('SELECT v FROM t').pluck().all()).toEqual([1]);
    other.close();
  });

  it('commits with synchronous=NORMAL, and leaves FULL for every other write, also when the commit throws', async () => {
    let during: unknown;
    await wal.commit(() => {
      during = db.pragma('synchronous', { simple: true });
      return insert(1)();
    });
    expect(during).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(() =>
      wal.commit(() => {
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('commits without a sync on a connection set to synchronous=OFF (the demo seed)', () => {
    db.pragma('synchronous = OFF');
    expect(wal.commit(insert(2))).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(0);
  });
});
