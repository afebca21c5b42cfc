import pg from 'pg';

/** Type id of `bigint` (int8): what count(*) and sum() of integers return. */
const INT8_OID = 20;
/** Type id of `numeric`: what sum() of bigint and avg() return. */
const NUMERIC_OID = 1700;

/**
 * Counts arrive as JavaScript numbers, not strings: every count the store reads fits in 2^53 (responses
 * of one site, rows of a rollup). Other types keep node-postgres's parsers (jsonb → objects, boolean).
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Connections a collector keeps open by default: ingest batches, reads and the delivery worker share them. */
export const DEFAULT_POOL_SIZE = 10;

/** A pool on `url` with the store's type parsers. */
export function openPool(url: string, max = DEFAULT_POOL_SIZE): pg.Pool {
  return new pg.Pool({ connectionString: url, max, types });
}

/** Runs `work` in a transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** JSON text of a value bound to a jsonb parameter (node-postgres would turn a JS array into a PostgreSQL array). */
export const json = (value: unknown): string => JSON.stringify(value);
