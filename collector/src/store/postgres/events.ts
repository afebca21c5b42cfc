import type pg from 'pg';
import type { EventRecord, HeartbeatRecord, SaveOutcome, ShownEventRecord } from '../store.js';
import type { RollupDeltas } from './rollup-deltas.js';

// The event half of the write path (writes.ts): runs inside its transaction and never commits on its own.

/** Impressions and dismissals once by id (one insert); heartbeats update their kiosk, the newest winning. */
export async function saveEvents(
  client: pg.PoolClient,
  rollups: RollupDeltas,
  records: EventRecord[],
  /** the time zone of a site, whose local day an impression counts on */
  zoneOf: (site: string) => string,
): Promise<SaveOutcome[]> {
  if (records.length === 0) return [];
  // The first occurrence of each id (by position: one object may be sent twice) is the one inserted.
  const firsts = new Map<string, number>();
  records.forEach((e, k) => e.type === 'heartbeat' || firsts.has(e.id) || firsts.set(e.id, k));
  const list = [...firsts.values()].map((k) => records[k] as ShownEventRecord);
  const inserted = new Set<string>();
  const stored = new Map<string, { site: string; survey: string }>();
  if (list.length > 0) {
    const col = <T>(f: (e: ShownEventRecord) => T) => list.map(f);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO events (id, site, type, survey, touchpoint, channel, trigger, created_at, received_at)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::text[]) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        col((e) => e.id),
        col((e) => e.site),
        col((e) => e.type),
        col((e) => e.survey),
        col((e) => e.touchpoint),
        col((e) => e.channel),
        col((e) => e.trigger),
        col((e) => e.createdAt),
        col((e) => e.receivedAt),
      ],
    );
    for (const row of rows) inserted.add(row.id);
    const others = records
      .filter((e, k) => e.type !== 'heartbeat' && (!inserted.has(e.id) || firsts.get(e.id) !== k))
      .map((e) => e.id);
    if (others.length > 0) {
      const found = await client.query<{ id: string; site: string; survey: string }>(
        'SELECT id, site, survey FROM events WHERE id = ANY($1::text[])',
        [others],
      );
      for (const row of found.rows) stored.set(row.id, row);
    }
  }
  await heartbeats(
    client,
    records.filter((e): e is HeartbeatRecord => e.type === 'heartbeat'),
  );
  return records.map((e, k) => {
    if (e.type === 'heartbeat') return { id: e.id, status: 'created' };
    if (inserted.has(e.id) && firsts.get(e.id) === k) {
      if (e.type === 'impression') rollups.impression(e, zoneOf(e.site));
      return { id: e.id, status: 'created' };
    }
    const existing = stored.get(e.id);
    const same = existing?.site === e.site && existing.survey === e.survey;
    return { id: e.id, status: same ? 'duplicate' : 'conflict' };
  });
}

async function heartbeats(client: pg.PoolClient, beats: HeartbeatRecord[]): Promise<void> {
  const newest = new Map<string, HeartbeatRecord>();
  for (const b of beats) {
    const key = `${b.site}\u0000${b.kiosk}`;
    const known = newest.get(key);
    if (!known || b.createdAt >= known.createdAt) newest.set(key, b);
  }
  // Sorted, so that two collectors updating the same kiosks lock them in the same order.
  const list = [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, b]) => b);
  if (list.length === 0) return;
  const col = <T>(f: (e: HeartbeatRecord) => T) => list.map(f);
  // A late heartbeat (sent from an offline queue) must not roll the kiosk's status back in time.
  await client.query(
    `INSERT INTO kiosks AS k (site, kiosk, touchpoint, last_seen_at, queued, online, version)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::boolean[], $7::text[])
    ON CONFLICT (site, kiosk) DO UPDATE SET touchpoint = excluded.touchpoint, last_seen_at = excluded.last_seen_at,
      queued = excluded.queued, online = excluded.online, version = excluded.version
    WHERE excluded.last_seen_at >= k.last_seen_at`,
    [
      col((b) => b.site),
      col((b) => b.kiosk),
      col((b) => b.touchpoint),
      col((b) => b.createdAt),
      col((b) => b.queued),
      col((b) => b.online),
      col((b) => b.version),
    ],
  );
}
