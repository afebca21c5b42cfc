import type { Writable } from 'node:stream';
import pg from 'pg';
import { StoreUnavailableError } from '../errors.js';
import { setRollupShard } from './rollup-shard.js';

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

/**
 * A pool on `url` with the store's type parsers; with `shard`, each connection writes that rollup shard
 * (rollup-shard.ts), set before the pool hands it out; with `pipeline`, its connections pipeline (`together`).
 */
export function openPool(url: string, max = DEFAULT_POOL_SIZE, shard?: number, pipeline = false): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    // Each connection sends a query without waiting for the answer to the one before (see `together`).
    ...(pipeline ? { pipeline: true } : {}),
    // pg-pool awaits onConnect's promise before it hands the connection out (and fails that checkout if it
    // rejects); @types/pg declares the hook as returning void.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    ...(shard === undefined ? {} : { onConnect: (client: pg.ClientBase) => setRollupShard(client, shard) }),
  });
  // An idle connection the server dropped (a restart) leaves the pool by itself; unheard, the error would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Whether `db` pipelines: sends a query before the answer to the one before it has come (node-postgres's
 * `pipeline` mode; the PostgreSQL writer thread's connections, writer-worker.ts). Statements still run in the
 * order they are sent, and one that fails aborts the transaction, so every statement after it fails too.
 */
export function pipelines(db: Queryable): boolean {
  return (db as { pipeline?: unknown }).pipeline === true;
}

/**
 * Calls `send` with the connection's socket corked: the statements it starts (synchronously: each chain's first)
 * leave in one write, not one system call each (node-postgres corks each statement's messages only). A
 * connection that does not pipeline, or that has no socket to cork, just runs `send`.
 */
function corked<R>(db: Queryable, send: () => R): R {
  const socket = pipelines(db) ? (db as { connection?: { stream?: Partial<Writable> } }).connection?.stream : undefined;
  if (!socket?.cork || !socket.uncork) return send();
  socket.cork();
  try {
    return send();
  } finally {
    socket.uncork();
  }
}

/**
 * Runs independent chains of statements of one transaction: started at once on a connection that pipelines,
 * so their round trips overlap (each chain still runs its own statements in order); one after the other
 * anywhere else (a connection that does not pipeline would only queue them). Resolves with their results.
 */
export async function together<T extends readonly unknown[]>(
  db: Queryable,
  ...chains: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (pipelines(db)) return (await Promise.all(corked(db, () => chains.map((c) => c())))) as unknown as T;
  const results: unknown[] = [];
  for (const chain of chains) results.push(await chain());
  return results as unknown as T;
}

/** A statement as data, not sent yet: one of those a transaction's work leaves to go out with its COMMIT. */
export interface FinalStatement {
  text: string;
  values: unknown[];
}

/**
 * Runs `work` in a transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when it throws.
 * On a connection that pipelines, BEGIN goes out with the first statement of `work`, not a round trip before it,
 * and the statements `work` pushed to `last` (whose results it does not need) go out with the COMMIT.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, last: FinalStatement[]) => Promise<T>,
): Promise<T> {
  const client = await pool.connect().catch((err: unknown) => {
    throw unavailable(err) ?? err;
  });
  const last: FinalStatement[] = [];
  try {
    if (pipelines(client)) {
      // Once `work` has settled, a statement one of its chains would still send is refused, not sent: after a
      // failure it would otherwise follow the ROLLBACK and run outside the transaction.
      let open = true;
      const inside = new Proxy(client, {
        get(target, prop, receiver) {
          if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
          return (...args: Parameters<pg.PoolClient['query']>) =>
            open ? target.query(...args) : Promise.reject(new Error('the transaction has ended'));
        },
      });
      // BEGIN and the statements `work` starts before it first waits leave together.
      const [begun, working] = corked(client, () => [client.query('BEGIN'), work(inside, last)] as const);
      // Should BEGIN fail, so does the first statement after it: `work` throws with that, and this is awaited below.
      begun.catch(() => undefined);
      const result = await working.finally(() => (open = false));
      await begun;
      await committed(client, last);
      return result;
    }
    await client.query('BEGIN');
    const result = await work(client, last);
    await committed(client, last);
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * `last`, then COMMIT, checked: PostgreSQL answers COMMIT in a transaction a failed statement aborted with
 * ROLLBACK, not an error; then nothing is acknowledged. On a connection that pipelines, `last` and the COMMIT
 * leave in one write: statements run in the order they are sent, so the COMMIT runs after them, and if one
 * fails the transaction is aborted and the COMMIT rolls it back (the statement's error is thrown).
 */
async function committed(client: pg.PoolClient, last: readonly FinalStatement[]): Promise<void> {
  const db = preparing(client);
  let answer: pg.QueryResult;
  if (pipelines(client) && last.length > 0) {
    const sent = corked(client, () => [...last.map((s) => db.query(s.text, s.values)), client.query('COMMIT')]);
    const settled = await Promise.allSettled(sent);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    answer = (settled[settled.length - 1] as PromiseFulfilledResult<pg.QueryResult>).value;
  } else {
    for (const s of last) await db.query(s.text, s.values);
    answer = await client.query('COMMIT');
  }
  if (answer.command !== 'COMMIT')
    throw new Error(`the transaction was rolled back (COMMIT answered ${answer.command})`);
}

/** Names of the statements `preparing` has seen, by their text. */
const statementNames = new Map<string, string>();
/** Statement texts named at most: SQL built with varying text past it runs unnamed (parsed and planned each time). */
const MAX_NAMED_STATEMENTS = 500;
/**
 * A statement whose result is a table's `*` (`SELECT r.*`, `RETURNING *`; not `SELECT * FROM unnest(…)`, whose
 * columns are its casts). Its cached plan would fail ("cached plan must not change result type") once another
 * collector's migration adds a column to the table, on every connection that prepared it: it runs unnamed.
 */
const TABLE_STAR = /\b(?:SELECT|RETURNING)\s+(?:\w+\.)?\*(?!\s+FROM\s+unnest\b)/i;

/**
 * `client` with its parameterised queries sent as named statements: each connection parses and plans a
 * statement once (PostgreSQL keeps a generic plan once it is no worse), instead of once per call. A statement
 * with a table's `*` as its result runs unnamed (TABLE_STAR).
 */
export function preparing(client: pg.PoolClient): pg.PoolClient {
  const query = client.query.bind(client) as (q: unknown, values?: unknown) => Promise<pg.QueryResult>;
  const named = (text: string, values: unknown) => {
    let name = statementNames.get(text);
    if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS && !TABLE_STAR.test(text)) {
      name = `tp${statementNames.size}`;
      statementNames.set(text, name);
    }
    return name === undefined ? query(text, values) : query({ name, text, values });
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return (q: unknown, values?: unknown) =>
        typeof q === 'string' && Array.isArray(values) ? named(q, values) : query(q, values);
    },
  });
}

/** JSON text of a value bound to a jsonb parameter (node-postgres would turn a JS array into a PostgreSQL array). */
export const json = (value: unknown): string => JSON.stringify(value);

/** Node's error codes of a server that cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);
/** SQLSTATEs of a server that is going away or not taking connections (admin/crash shutdown, starting up). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03']);

/**
 * A StoreUnavailableError for an error that says the server cannot be reached (refused, lost, shutting
 * down, class 08 connection exceptions, the pool's connect timeout); null for any other error.
 */
export function unavailable(err: unknown): StoreUnavailableError | null {
  if (err instanceof StoreUnavailableError) return err;
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  const lost =
    (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(err.message);
  return lost ? new StoreUnavailableError(`PostgreSQL is unavailable: ${err.message}`, { cause: err }) : null;
}
