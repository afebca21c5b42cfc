import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { site, survey, touchpoint } from '@touchpoint/shared';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { PgWriterThread } from '../../src/store/postgres/writer-thread.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';

// The PostgreSQL writer thread (TOUCHPOINT_WRITER=thread): the store contract runs on it too (postgres.test.ts);
// here what is its own: its site cache hears of edits, and a thread that dies loses nothing committed.

/** The writer thread's worker, to end it as a crash would. */
type Held = { thread: { calls: { worker: { terminate(): Promise<number> } } } };

describePostgres('PostgreSQL writer thread', (db) => {
  let store: PostgresStore;
  const record = (over: Parameters<typeof aRecord>[0] = {}) =>
    aRecord({ answers: { nps: 9 }, receivedAt: new Date().toISOString(), ...over });

  beforeEach(async () => {
    await truncateAll(db().url);
    store = await openPostgresStore(db().url, { writer: 'thread' });
    await store.createSite(site.parse({ key: 's', name: 'S' }));
    await store.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'TP', kind: 'web' }));
    await store.createSurvey(
      's',
      survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }] }),
    );
  });
  afterEach(async () => {
    await store.close();
  });

  it('plans with an edit made after it cached the site: a webhook added then gets the next response', async () => {
    // The thread reads the site (no webhooks) and keeps it for its cache's lifetime.
    await store.saveResponses([record()]);
    await store.closedLoop.createWebhook(
      's',
      { url: 'https://hooks.example/in', events: ['response.completed'], active: true },
      'whsec_test',
    );
    const second = record();
    await expect(store.saveResponses([second])).resolves.toEqual([{ id: second.id, status: 'created' }]);
    const log = await store.closedLoop.listDeliveries('s', { limit: 10 });
    expect(log.map((d) => d.event)).toEqual(['response.completed']);
  });

  it('rejects what it held when it dies, as retryable, and a new thread takes the next commit', async () => {
    const first = record();
    await store.saveResponses([first]);
    await (store as unknown as Held).thread.calls.worker.terminate();
    const after = record();
    await expect(store.saveResponses([after])).resolves.toEqual([{ id: after.id, status: 'created' }]);
    // The retry of what committed before the crash is recognised, not stored twice.
    await expect(store.saveResponses([first])).resolves.toEqual([{ id: first.id, status: 'duplicate' }]);
    const page = await store.listResponses('s', {}, { limit: 10 });
    expect(page.items.map((r) => r.id).sort()).toEqual([first.id, after.id].sort());
  });
});

describe('PostgreSQL writer thread whose server cannot be reached', () => {
  it('answers its commits with StoreUnavailableError, as the inline writer does', async () => {
    const thread = new PgWriterThread('postgres://tp@127.0.0.1:1/tp', null);
    try {
      await expect(thread.commit([[{ response: aRecord() }]])).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await thread.close();
    }
  });
});
