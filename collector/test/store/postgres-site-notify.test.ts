import pg from 'pg';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { site, survey, touchpoint } from '@touchpoint/shared';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';

/** How soon another collector must see an edit (the bound; the site cache's TTL is 5 s). */
const PROPAGATION_MS = 1000;
/** How long the listener may take to come back after its connection was cut (it retries every second). */
const RECONNECT_WAIT_MS = 5000;

/** The survey's one question, as the admin API would send it (defaults filled by the schema). */
const questions = [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }];

describePostgres('PostgreSQL site edits between collectors (LISTEN/NOTIFY)', (db) => {
  let url: string;
  let a: PostgresStore;
  let b: PostgresStore;

  beforeEach(async () => {
    url = await createDatabase(db().base);
    a = await openPostgresStore(url);
    b = await openPostgresStore(url);
    await a.createSite(site.parse({ key: 's', name: 'S' }));
    await a.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'TP', kind: 'store' }));
    await a.createSurvey('s', survey.parse({ id: 'q', name: 'Before', questions }));
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  /** The name of survey q as collector B's site cache serves it. */
  const servedByB = async () => (await b.sites.get('s'))?.surveys.get('q')?.name;

  it("serves a survey edited through collector A from collector B's cache within a second", async () => {
    expect(await servedByB()).toBe('Before');
    await a.updateSurvey('s', survey.parse({ id: 'q', name: 'After', questions }));
    await vi.waitFor(async () => expect(await servedByB()).toBe('After'), { timeout: PROPAGATION_MS, interval: 20 });
  });

  it('listens again after its connection is lost, and hears the edits made after that', async () => {
    expect(await servedByB()).toBe('Before');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const listeners = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`;
      const { rows } = await admin.query<{ pid: number }>(listeners);
      expect(rows).toHaveLength(2);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])', [
        rows.map((r) => r.pid),
      ]);
      await vi.waitFor(
        async () => {
          const now = (await admin.query<{ pid: number }>(listeners)).rows.map((r) => r.pid);
          expect(now).toHaveLength(2);
          expect(now.some((pid) => rows.some((r) => r.pid === pid))).toBe(false);
        },
        { timeout: RECONNECT_WAIT_MS, interval: 50 },
      );
    } finally {
      await admin.end();
    }
    await a.updateSurvey('s', survey.parse({ id: 'q', name: 'After', questions }));
    await vi.waitFor(async () => expect(await servedByB()).toBe('After'), { timeout: PROPAGATION_MS, interval: 20 });
  });
});
