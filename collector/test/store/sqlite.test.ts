import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { site, survey, touchpoint } from '@touchpoint/shared';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { storeContract } from './contract.js';
import { aRecord } from '../helpers/records.js';

for (const writer of ['thread', 'inline'] as const) {
  storeContract(`SQLite, ${writer} writer`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-store-'));
    return {
      store: new SqliteStore({ file: join(dir, 'test.db'), writer }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}

describe('SQLite writer thread beside the main connection', () => {
  it('commits while the main connection writes at the same moment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-busy-'));
    const store = new SqliteStore({ file: join(dir, 'test.db'), writer: 'thread', commitWindowMs: 0 });
    try {
      await store.createSite(site.parse({ key: 's', name: 'S' }));
      await store.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'TP', kind: 'store' }));
      await store.createSurvey(
        's',
        survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'N' } }] }),
      );
      const record = (i: number) =>
        aRecord({
          answers: { nps: i % 11 },
          createdAt: new Date().toISOString(),
          receivedAt: new Date().toISOString(),
          respondentId: `r${i}`,
        });
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 300; i++) {
        writes.push(store.saveResponses([record(i), record(i + 1)]));
        // a main-connection write between the writer thread's read and its write
        await new Promise((r) => setImmediate(r));
        await store.deleteRespondent('s', `r${i - 1}`);
      }
      const settled = await Promise.allSettled(writes);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite writer thread that dies', () => {
  it('rejects what it held as retryable and starts a new thread for the next commit, keeping what was committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-died-'));
    const store = new SqliteStore({ file: join(dir, 'test.db'), writer: 'thread' });
    try {
      await store.createSite(site.parse({ key: 's', name: 'S' }));
      const beat = (kiosk: string) => ({
        id: randomUUID(),
        site: 's',
        type: 'heartbeat' as const,
        kiosk,
        touchpoint: null,
        queued: 0,
        online: true,
        version: null,
        createdAt: new Date().toISOString(),
        receivedAt: new Date().toISOString(),
      });
      await store.saveEvents([beat('before')]);
      type Held = { thread: { calls: { worker: { terminate(): Promise<number> } } } };
      await (store as unknown as Held).thread.calls.worker.terminate();
      await expect(store.saveEvents([beat('after')])).resolves.toEqual([
        expect.objectContaining({ status: 'created' }),
      ]);
      expect((await store.listKiosks('s')).map((k) => k.kiosk)).toEqual(['after', 'before']);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
