import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { storeContract } from './contract.js';

for (const writer of ['thread', 'inline'] as const) {
  storeContract(`SQLite, ${writer} writer`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-store-'));
    return {
      store: new SqliteStore({ file: join(dir, 'test.db'), writer }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}
