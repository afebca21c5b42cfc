import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { site, survey, touchpoint } from '@touchpoint/shared';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createDatabase, type TestDatabase } from './postgres.js';

/** Two collectors on one database, and a client of its own that reads the tables as they are. */
export interface TwoCollectors {
  /** the test's database */
  url: string;
  a: PostgresStore;
  b: PostgresStore;
  reader: pg.Client;
}

/**
 * Inside a `describePostgres` block: before each test a fresh database with two stores opened on it (`a` and
 * `b`, as two collectors would; `b` with its writer thread, TOUCHPOINT_WRITER=thread) and a connected reader, then `seed(a)`; after it all three are closed. The
 * object returned is filled anew before each test; a test may put another store in `a`, which is closed then.
 */
export function twoCollectors(db: () => TestDatabase, seed: (a: PostgresStore) => Promise<void>): TwoCollectors {
  const two = {} as TwoCollectors;
  beforeEach(async () => {
    two.url = await createDatabase(db().base);
    two.a = await openPostgresStore(two.url);
    // b commits on its writer thread (pipelined connections), a on its own pool: both write paths side by side.
    two.b = await openPostgresStore(two.url, { writer: 'thread' });
    two.reader = new pg.Client({ connectionString: two.url });
    await two.reader.connect();
    await seed(two.a);
  });
  afterEach(async () => {
    await Promise.all([two.a.close(), two.b.close(), two.reader.end()]);
  });
  return two;
}

/** Site `s` with touchpoint `tp` and survey `q` of one NPS question. */
export async function oneNpsSurvey(a: PostgresStore): Promise<void> {
  await a.createSite(site.parse({ key: 's', name: 'S' }));
  await a.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'TP', kind: 'store' }));
  await a.createSurvey(
    's',
    survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }] }),
  );
}
