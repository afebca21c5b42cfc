import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { WriterThread } from '../../src/store/sqlite/writer-thread.js';

it('rejects the commits a dead writer thread held with StoreUnavailableError, not an HTTP status', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-unavailable-'));
  const file = join(dir, 'test.db');
  await new SqliteStore({ file, writer: 'inline' }).close(); // migrated, as the store leaves it for its thread
  const thread = new WriterThread(file);
  try {
    const beat = {
      id: randomUUID(),
      site: 's',
      type: 'heartbeat' as const,
      kiosk: 'k',
      touchpoint: null,
      queued: 0,
      online: true,
      version: null,
      createdAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
    };
    const held = thread.commit([[{ event: beat }]]);
    // ended while it is still starting up: the commit was never run
    await (thread as unknown as { calls: { worker: { terminate(): Promise<number> } } }).calls.worker.terminate();
    const err: unknown = await held.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(err).not.toHaveProperty('statusCode');
  } finally {
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
