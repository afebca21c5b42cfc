import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import type { NewResponse } from '../../collector/src/store/plan/response-plan.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { INSERT_RESPONSE, responseValues } from '../../collector/src/store/sqlite/writes.js';
import type { ResponseRecord, ShownEventRecord } from '../../collector/src/store/store.js';
import { syntheticBatches } from './generate.js';

/**
 * bench:scores' fast generator: the synthetic responses written straight into the SQLite file in large
 * transactions (the columns SqliteWrites binds, through its own INSERT), then every rollup counted by the
 * store's own recount (`SqliteRollups.recount`, what a time zone change runs), not by SQL of the bench's.
 * Through saveResponses the same 10M rows took hours on this VM; `checkDirectWriter` proves on a sample that
 * both ways leave the same rows and rollups.
 */

/** Rows per transaction of the direct writer. */
const DIRECT_BATCH = 100_000;
/** Page cache of the generating connection (KiB, as SQLite's negative cache_size): the indexes stay in memory. */
const GENERATE_CACHE_KIB = 1_000_000;
const INSERT_EVENT = `INSERT INTO events (id, site, type, survey, touchpoint, channel, trigger, created_at,
  received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The generator's options: `end` the last instant, `days` how far back the responses reach. */
export interface GenerateOptions {
  seed: number;
  end: Date;
  days: number;
}

/** A synthetic response as the write plan stores it: no kiosk (no burst verdict), no e-mail, no contact answer. */
function newResponse(record: ResponseRecord): NewResponse {
  if (record.kiosk !== null || record.respondentEmail !== null) throw new Error('the direct writer plans no misuse');
  return { record, flagged: false, flagReason: null, emailKey: null, contactKey: null };
}

/** Writes `rows` synthetic responses (and their impressions) into `store`'s file without the write path. */
export function writeDirect(store: SqliteStore, rows: number, opts: GenerateOptions): void {
  const db = store.db;
  // A bench file, regenerated if lost: no fsync per commit.
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${GENERATE_CACHE_KIB}`);
  const insertResponse = db.prepare(INSERT_RESPONSE);
  const insertEvent = db.prepare(INSERT_EVENT);
  const write = db.transaction((responses: ResponseRecord[], events: ShownEventRecord[]) => {
    for (const r of responses) insertResponse.run(...responseValues(newResponse(r)));
    for (const e of events)
      insertEvent.run(e.id, e.site, e.type, e.survey, e.touchpoint, e.channel, e.trigger, e.createdAt, e.receivedAt);
  });
  for (const b of syntheticBatches(rows, { ...opts, batch: DIRECT_BATCH })) {
    write(b.responses, b.events as ShownEventRecord[]);
  }
  db.pragma('synchronous = FULL');
}

/** Every rollup of the site recounted from its responses by the store's own recount, in one transaction. */
export function recountAll(store: SqliteStore, site: string): void {
  store.db.transaction(() => store.rollups.recount(site)).immediate();
}

/** The rows and rollups of a database, as text to compare. */
function contentOf(store: SqliteStore): string {
  const tables = ['responses', 'events', 'score_rollups', 'response_counts', 'var_rollups', 'rollup_variables'];
  return tables
    .map((t) => {
      const rows = store.db.prepare(`SELECT * FROM ${t}`).all();
      return `${t}\n${rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n')}`;
    })
    .join('\n');
}

/**
 * Saves `rows` synthetic responses both through saveResponses (the API's path, rollups kept on write) and
 * through writeDirect + recountAll, and throws unless both databases hold the same rows and rollups.
 */
export async function checkDirectWriter(rows: number, opts: GenerateOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-direct-'));
  try {
    // One commit, as the recount counts one page: a numeric variable's bin edges come from the same values.
    const api = new SqliteStore({ file: join(dir, 'api.db'), commitMaxRows: rows });
    await seedDemoCatalog(api);
    for (const b of syntheticBatches(rows, { ...opts, batch: rows })) {
      await api.saveResponses(b.responses);
      if (b.events.length > 0) await api.saveEvents(b.events);
    }
    const direct = new SqliteStore({ file: join(dir, 'direct.db') });
    await seedDemoCatalog(direct);
    writeDirect(direct, rows, opts);
    recountAll(direct, 'demo');
    const same = contentOf(api) === contentOf(direct);
    await api.close();
    await direct.close();
    if (!same) throw new Error('the direct writer and saveResponses left different rows or rollups');
    return `direct writer + recount == saveResponses on ${rows} responses (rows and every rollup table)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
