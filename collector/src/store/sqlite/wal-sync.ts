import { fdatasync, openSync, closeSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

/** `PRAGMA synchronous` values (https://sqlite.org/pragma.html#pragma_synchronous). */
const SYNC_OFF = 0;
const SYNC_NORMAL = 1;

/**
 * Durable commits on the event loop without waiting on it for the disk. With `synchronous=FULL` SQLite
 * fsyncs the WAL inside COMMIT, which blocks the thread that commits: on the inline writer that was ~22 % of
 * the main thread in a `bench:ingest` profile, and several ms per commit on a busy disk. Instead the
 * transaction commits with `synchronous=NORMAL` (its frames reach the WAL file, not yet the disk) and then
 * the WAL file is fdatasync'ed on libuv's thread pool; callers are acknowledged only after that resolves, so
 * "acknowledged ⇒ on disk" holds as with FULL. Meanwhile the event loop parses the next requests, which
 * join the next commit. A crash before the sync loses only unacknowledged commits: WAL frames count only
 * up to a commit frame whose checksum chain is intact, and checkpoints (which do sync, in NORMAL too) copy
 * only what an earlier sync made durable or what is in the same file. A connection set to `synchronous=OFF`
 * (the demo seed) commits without any sync.
 */
export class WalSync {
  private fd: number | null = null;

  constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {}

  /** Runs `commit` (one transaction) without SQLite's fsync; resolves with its result once the WAL is on disk. */
  commit<T>(commit: () => T): T | Promise<T> {
    // Not prepared once: SQLite applies (and reads) this pragma when it compiles the statement, so a
    // prepared one would keep the value of its compilation.
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    if (level === SYNC_OFF) return commit();
    const full = level > SYNC_NORMAL;
    if (full) this.db.pragma('synchronous = NORMAL');
    let result: T;
    try {
      result = commit();
    } finally {
      if (full) this.db.pragma(`synchronous = ${level}`);
    }
    // The WAL exists from the first commit on and stays while this connection is open (SQLite removes it
    // only when the last connection closes), so one descriptor serves every sync.
    this.fd ??= openSync(`${this.file}-wal`, 'r');
    const fd = this.fd;
    return new Promise<T>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve(result))));
  }

  /** Closes the WAL's descriptor (after the last commit). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
