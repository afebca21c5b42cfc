import { kioskWindow, type KioskWindow, type NearKioskAnswer, type RecentKioskAnswers } from '../plan/misuse.js';
import type { ResponseRecord } from '../store.js';
import type { Queryable } from './db.js';
import type { ResponseRow } from './rows.js';

/**
 * The misuse filter's one question to the database: a kiosk's complete answers within the burst window on
 * both sides of a response (misuse/verdict.ts decides what they mean). Asked inside the write transaction.
 */

const kioskKey = (r: { site: string; kiosk: string | null }) => `${r.site}\u0000${r.kiosk}`;

/** A kiosk's answers as the batch sees them: stored ones, then the batch's own as they are planned. */
export interface BatchKioskAnswers {
  /** the port for planning `r` (answers of the batch planned before it included) */
  port(r: ResponseRecord): RecentKioskAnswers;
  /** records a planned response, and the stored or batch answers its plan flags as bursts */
  planned(r: ResponseRecord, flagged: boolean, burstsAfter: readonly string[]): void;
}

/**
 * For a batch about to be inserted: the stored complete answers of each kiosk near any of its responses
 * (one query per kiosk, leaving out the batch's own ids), to which the batch's planned answers are added.
 */
export async function batchKioskAnswers(db: Queryable, batch: readonly ResponseRecord[]): Promise<BatchKioskAnswers> {
  const windows = new Map<string, KioskWindow>();
  for (const r of batch) {
    const w = kioskWindow({ ...r, durationMs: null, clientBurst: false });
    if (!w) continue;
    const all = windows.get(kioskKey(r));
    if (!all) windows.set(kioskKey(r), { ...w });
    else {
      if (w.since < all.since) all.since = w.since;
      if (w.until > all.until) all.until = w.until;
    }
  }
  const ids = batch.map((r) => r.id);
  const seen = new Map<string, NearKioskAnswer[]>();
  for (const [key, w] of windows) {
    const { rows } = await db.query<NearKioskAnswer>(
      `SELECT id, created_at AS "createdAt", flagged FROM responses WHERE site = $1 AND kiosk = $2 AND NOT partial
      AND created_at >= $3 AND created_at <= $4 AND id <> ALL($5::text[])`,
      [w.site, w.kiosk, w.since, w.until, ids],
    );
    seen.set(key, rows);
  }
  return {
    port: (r) => ({
      near: (w) =>
        (seen.get(kioskKey(r)) ?? [])
          .filter((a) => a.createdAt >= w.since && a.createdAt <= w.until && a.id !== w.except)
          .map((a) => ({ ...a })),
    }),
    planned: (r, flagged, burstsAfter) => {
      const list = seen.get(kioskKey(r));
      if (!list) return;
      for (const a of list) if (burstsAfter.includes(a.id)) a.flagged = true;
      if (!r.partial) list.push({ id: r.id, createdAt: r.createdAt, flagged });
    },
  };
}

/** Complete answers of a kiosk in a window (stored ones), the response being judged left out. */
export async function nearKioskAnswers(db: Queryable, w: KioskWindow): Promise<NearKioskAnswer[]> {
  const { rows } = await db.query<NearKioskAnswer>(
    `SELECT id, created_at AS "createdAt", flagged FROM responses WHERE site = $1 AND kiosk = $2 AND NOT partial
    AND created_at >= $3 AND created_at <= $4 AND id <> $5`,
    [w.site, w.kiosk, w.since, w.until, w.except],
  );
  return rows;
}

/**
 * Flags stored kiosk answers a late-arriving earlier answer made part of a burst (the plans'
 * `burstsAfter`). Returns the rows flagged now, as they were stored, for the caller to take out of the rollups.
 */
export async function flagBursts(db: Queryable, ids: readonly string[]): Promise<ResponseRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ResponseRow>(
    `UPDATE responses SET flagged = true, flag_reason = 'burst' WHERE id = ANY($1::text[]) AND NOT flagged
    RETURNING *`,
    [[...new Set(ids)]],
  );
  return rows.map((row) => ({ ...row, flagged: false }));
}
