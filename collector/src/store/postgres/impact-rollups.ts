import type { ImpactDelta } from '../plan/impact-rollup.js';
import type { Queryable } from './db.js';

/**
 * The impact_rollups upkeep on PostgreSQL (migrations/postgres/020_impact_rollups.sql), as the SQLite store's
 * (sqlite/rollups.ts): summed deltas upserted with one statement, rows in key order so that two collectors
 * committing at once lock them in the same order.
 */

const UPSERT_IMPACT = `INSERT INTO impact_rollups AS i (site, day, survey, touchpoint, channel, question, qtype, value,
  nps_question, nps_value, count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
  $6::text[], $7::text[], $8::int[], $9::text[], $10::int[], $11::int[])
  ON CONFLICT (site, day, survey, touchpoint, channel, question, qtype, value, nps_question, nps_value, shard)
  DO UPDATE SET count = i.count + excluded.count`;

/** Writes summed impact_rollups deltas (migration 020) in key order, zero sums left out; in the caller's transaction. */
export async function writeImpactDeltas(db: Queryable, deltas: Map<string, ImpactDelta>): Promise<void> {
  const rows = [...deltas.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d)
    .filter((d) => d.count !== 0);

  if (rows.length === 0) return;
  const col = <T>(f: (d: ImpactDelta) => T) => rows.map(f);
  await db.query(UPSERT_IMPACT, [
    col((d) => d.site),
    col((d) => d.day),
    col((d) => d.survey),
    col((d) => d.touchpoint),
    col((d) => d.channel),
    col((d) => d.question),
    col((d) => d.qtype),
    col((d) => d.value),
    col((d) => d.npsQuestion),
    col((d) => d.npsValue),
    col((d) => d.count),
  ]);
}

/** Adds `deltas` to the sums in `into`, by key. */
export function sumImpact(into: Map<string, ImpactDelta>, deltas: readonly ImpactDelta[]): void {
  for (const d of deltas) {
    const sum = into.get(d.key);
    if (sum) sum.count += d.count;
    else into.set(d.key, { ...d });
  }
}
