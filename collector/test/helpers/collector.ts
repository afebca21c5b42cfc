import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import type { LogStream } from '../../src/lib/log-redaction.js';
import { buildServer } from '../../src/server.js';

/** The bootstrap admin key of every test collector. */
export const ADMIN_KEY = 'tp_test_4hV9qLm2Xr7KpW3zTn8D';

/** A collector under test: real Fastify, a real SQLite file in a fresh temp folder. */
export interface TestCollector {
  app: FastifyInstance;
  /** base URL when started with `listen: true` (else '') */
  url: string;
  adminKey: string;
  dbPath: string;
  close(): Promise<void>;
}

/** Builds (and optionally starts) a collector on a fresh database; rate limiting off unless asked. */
export async function startCollector(
  opts: { listen?: boolean; env?: Record<string, string>; logStream?: LogStream } = {},
): Promise<TestCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-test-'));
  const dbPath = join(dir, 'touchpoint.db');
  const config: Config = loadConfig({
    TOUCHPOINT_DB: dbPath,
    TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
    TOUCHPOINT_RATE_LIMIT: '0',
    LOG_LEVEL: 'silent',
    // The writer thread loads tsx per worker under vitest (~10× slower to start); tests of the thread ask for it.
    TOUCHPOINT_WRITER: 'inline',
    TOUCHPOINT_INSIGHTS_WORKER: 'inline',
    ...opts.env,
  });
  const app = await buildServer(config, opts.logStream ? { logStream: opts.logStream } : {});
  let url = '';
  if (opts.listen) url = await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.ready();
  return {
    app,
    url,
    adminKey: ADMIN_KEY,
    dbPath,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headers of an admin request. */
export const admin = (key = ADMIN_KEY) => ({ authorization: `Bearer ${key}` });
