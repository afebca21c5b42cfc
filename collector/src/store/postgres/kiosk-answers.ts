import { BURST_WINDOW_MS } from '../../misuse/verdict.js';
import type { KioskWindow } from '../plan/misuse.js';
import type { ResponseRecord } from '../store.js';
import type { Queryable } from './db.js';

/**
 * The misuse filter's one question to the database: how many complete answers a kiosk gave shortly before
 * a response (misuse/verdict.ts decides what that means). Asked inside the write transaction.
 */

/** Start of the burst window before `createdAt`. */
export const burstWindowStart = (createdAt: string): string =>
  new Date(Date.parse(createdAt) - BURST_WINDOW_MS).toISOString();

const kioskKey = (r: Pick<ResponseRecord, 'site' | 'kiosk'>) => `${r.site}\u0000${r.kiosk}`;

/**
 * For a batch about to be inserted: a function giving each complete kiosk response (in batch order) the
 * number of its kiosk's complete answers in the window before it: those stored already (one query per
 * kiosk, leaving out the batch's own ids) plus those earlier in the batch.
 */
export async function kioskPriorAnswers(
  db: Queryable,
  batch: readonly ResponseRecord[],
): Promise<(r: ResponseRecord) => number | null> {
  const windows = new Map<string, { site: string; kiosk: string; from: string; to: string }>();
  for (const r of batch) {
    if (!r.kiosk || r.partial) continue;
    const from = burstWindowStart(r.createdAt);
    const w = windows.get(kioskKey(r));
    if (!w) windows.set(kioskKey(r), { site: r.site, kiosk: r.kiosk, from, to: r.createdAt });
    else {
      if (from < w.from) w.from = from;
      if (r.createdAt > w.to) w.to = r.createdAt;
    }
  }
  const ids = batch.map((r) => r.id);
  const seen = new Map<string, string[]>();
  for (const [key, w] of windows) {
    const { rows } = await db.query<{ created_at: string }>(
      `SELECT created_at FROM responses WHERE site = $1 AND kiosk = $2 AND NOT partial
      AND created_at >= $3 AND created_at <= $4 AND id <> ALL($5::text[])`,
      [w.site, w.kiosk, w.from, w.to, ids],
    );
    seen.set(
      key,
      rows.map((row) => row.created_at),
    );
  }
  return (r) => {
    if (!r.kiosk || r.partial) return null;
    const times = seen.get(kioskKey(r)) ?? [];
    const from = burstWindowStart(r.createdAt);
    const prior = times.filter((t) => t >= from && t <= r.createdAt).length;
    times.push(r.createdAt);
    return prior;
  };
}

/** Complete answers of a kiosk in a window (stored ones), the response being judged left out. */
export async function countKioskAnswers(db: Queryable, w: KioskWindow): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM responses WHERE site = $1 AND kiosk = $2 AND NOT partial
    AND created_at >= $3 AND created_at <= $4 AND id <> $5`,
    [w.site, w.kiosk, w.since, w.until, w.except],
  );
  return rows[0]?.n ?? 0;
}
