import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { openPool } from '../../src/store/postgres/db.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { aRecord } from '../helpers/records.js';

/** Port 1 (tcpmux) has no PostgreSQL behind it: every connection is refused at once, as by a server that is down. */
const NOWHERE = 'postgres://tp@127.0.0.1:1/tp';

describe('PostgreSQL store whose server cannot be reached', () => {
  let store: PostgresStore | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  it('refuses writes with StoreUnavailableError, not a driver error', async () => {
    store = new PostgresStore(openPool(NOWHERE));
    await expect(store.saveResponses([aRecord()])).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('fails its write probe with StoreUnavailableError, so /healthz says the store is down', async () => {
    store = new PostgresStore(openPool(NOWHERE));
    await expect(store.probeWrite()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
