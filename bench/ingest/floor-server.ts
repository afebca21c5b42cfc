import { createRequire } from 'node:module';

/**
 * A reference server for bench:ingest: the least any collector built on this stack does per beacon, in its own
 * process like the collector. FLOOR_MODE=fastify: Fastify parses the text/plain beacon as JSON, checks it has an
 * id and answers 200 with a small JSON body. FLOOR_MODE=fastify-sqlite (FLOOR_DB=file): the same, plus a durable
 * insert of the response into a one-table SQLite file (WAL, synchronous=FULL), group-committed on the event loop,
 * answered after COMMIT; no rollups, no analyses, no closed loop. FLOOR_MODE=fastify-postgres (FLOOR_PG=url): the
 * same insert into a one-table PostgreSQL database, group-committed: while one multi-row `INSERT … ON CONFLICT DO
 * NOTHING` is in flight, the beacons that arrive wait and go out together in the next one, each statement its own
 * durable transaction (one round trip, synchronous_commit on). Prints `{"port":N}` once it listens.
 */
const require = createRequire(new URL('../../collector/package.json', import.meta.url));

interface Reply {
  code(status: number): Reply;
  header(name: string, value: string): Reply;
  send(body: string): Reply;
}
interface FastifyLike {
  addContentTypeParser(
    type: string,
    opts: { parseAs: 'string'; bodyLimit: number },
    parser: (req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) => void,
  ): void;
  post(path: string, handler: (req: { body: unknown }, reply: Reply) => Promise<Reply>): void;
  listen(opts: { port: number; host: string }): Promise<string>;
  server: { address(): { port: number } | string | null };
  close(): Promise<void>;
}
interface Statement {
  run(...params: unknown[]): unknown;
}
interface Db {
  pragma(p: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction(fn: () => void): () => void;
  close(): void;
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
}

const fastify = require('fastify') as (opts: { logger: boolean; bodyLimit: number }) => FastifyLike;
const Database = require('better-sqlite3') as new (file: string) => Db;

const mode = process.env.FLOOR_MODE ?? 'fastify';
const app = fastify({ logger: false, bodyLimit: 65_536 });
app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => {
  try {
    done(null, JSON.parse(body));
  } catch (err) {
    done(err as Error);
  }
});

/** The stored row of a beacon: id, site, survey, created at, answers and context (JSON). */
const rowOf = (r: Record<string, unknown>): string[] => [
  String(r.id),
  String(r.site),
  String(r.survey),
  String(r.createdAt),
  JSON.stringify(r.answers ?? {}),
  JSON.stringify(r.context ?? {}),
];

/** A durable store of one table, group-committed: requests that arrive while one commit runs share the next. */
function durableInsert(file: string): (r: Record<string, unknown>) => Promise<void> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS responses (id TEXT PRIMARY KEY, site TEXT NOT NULL, survey TEXT NOT NULL,
    created_at TEXT NOT NULL, answers TEXT NOT NULL, context TEXT NOT NULL) STRICT`);
  const insert = db.prepare('INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?)');
  let pending: { r: Record<string, unknown>; done: () => void }[] = [];
  const commit = db.transaction(() => {
    for (const { r } of pending) insert.run(...rowOf(r));
  });
  const flush = () => {
    commit();
    const batch = pending;
    pending = [];
    for (const p of batch) p.done();
  };
  process.once('exit', () => db.close());
  return (r) =>
    new Promise<void>((done) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ r, done });
    });
}

/** The same group commit on PostgreSQL: one connection, one multi-row insert (its own transaction) at a time. */
async function durablePgInsert(url: string): Promise<(r: Record<string, unknown>) => Promise<void>> {
  const pg = require('pg') as { Client: new (opts: { connectionString: string }) => PgClient };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS responses (id uuid PRIMARY KEY, site text NOT NULL,
    survey text NOT NULL, created_at timestamptz NOT NULL, answers jsonb NOT NULL, context jsonb NOT NULL)`);
  let pending: { r: Record<string, unknown>; done: () => void; fail: (err: unknown) => void }[] = [];
  let busy = false;
  const flush = async () => {
    busy = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const rows = batch.map(({ r }) => rowOf(r));
      // Columns as arrays, so one statement text serves every batch size (as the collector's inserts do).
      const columns = rows[0]!.map((_, i) => rows.map((row) => row[i]));
      try {
        await client.query(
          `INSERT INTO responses SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[],
            $5::jsonb[], $6::jsonb[]) ON CONFLICT DO NOTHING`,
          columns,
        );
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.fail(err);
      }
    }
    busy = false;
  };
  process.once('SIGTERM', () => void client.end());
  return (r) =>
    new Promise<void>((done, fail) => {
      pending.push({ r, done, fail });
      if (!busy) void flush();
    });
}

const save =
  mode === 'fastify-sqlite'
    ? durableInsert(process.env.FLOOR_DB ?? 'floor.db')
    : mode === 'fastify-postgres'
      ? await durablePgInsert(process.env.FLOOR_PG ?? '')
      : null;

app.post('/v1/responses', async (req, reply) => {
  const body = req.body as Record<string, unknown> | null;
  if (!body || typeof body.id !== 'string') return reply.code(400).send('{"error":"id"}');
  if (save) await save(body);
  return reply.code(200).header('content-type', 'application/json').send('{"accepted":1,"duplicates":0}');
});

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
