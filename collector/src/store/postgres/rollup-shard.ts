import pg from 'pg';

/**
 * The rollup shard of a collector (migrations/postgres/029_rollup_shards.sql): the number its connections
 * write into the `shard` column of the rollup tables, so that two collectors on one database never upsert
 * the same row and never wait for each other's row locks until a COMMIT. Each collector takes the lowest
 * number whose session advisory lock is free and holds that lock on a connection of its own for as long as
 * it runs: one collector alone always writes shard 0 (no extra rows), two write 0 and 1.
 *
 * Correctness never depends on the claim: every reader sums over shards, so two collectors that ended up
 * with one number (the holding connection was lost, and a collector started meanwhile took the number) only
 * wait for each other again, as they all did before shards.
 */

/** The setting that tells migration 029's `rollup_shard()` which shard a connection writes. */
export const ROLLUP_SHARD_SETTING = 'touchpoint.rollup_shard';
/** First key of the shard locks (two-int advisory locks): "tpsh" in ASCII, taken by nothing else. */
const SHARD_LOCK_SPACE = 0x74707368;
/**
 * Shards tried before giving up on a free one: far more collectors than one database serves. The ones past
 * it share the last number (and wait for each other as before).
 */
export const MAX_ROLLUP_SHARDS = 64;

/** A claimed shard: its number, and the connection holding its lock. */
export interface RollupShard {
  shard: number;
  /** ends the holding connection, which frees the number */
  release(): Promise<void>;
}

/** Claims the lowest free shard on a connection of its own; rejects when the server cannot be reached. */
export async function claimRollupShard(url: string): Promise<RollupShard> {
  const client = new pg.Client({ connectionString: url });
  // A lost holder only frees the number (see above); unheard, the error would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    let shard = MAX_ROLLUP_SHARDS - 1;
    for (let k = 0; k < MAX_ROLLUP_SHARDS; k++) {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        SHARD_LOCK_SPACE,
        k,
      ]);
      if (rows[0]?.ok) {
        shard = k;
        break;
      }
    }
    return { shard, release: () => client.end().catch(() => undefined) };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

/** Makes `client` write rollup shard `shard` (migration 029's `rollup_shard()`) for as long as it lives. */
export async function setRollupShard(client: pg.ClientBase, shard: number): Promise<void> {
  await client.query(`SELECT set_config('${ROLLUP_SHARD_SETTING}', $1, false)`, [String(shard)]);
}
