import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The built CLI: child collectors run the code customers run (`pnpm build` comes first). */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * How long a child collector may take to answer /healthz after it is spawned: an upper bound, not a wait
 * (a start on an idle machine takes about a second). `pnpm test` runs the browser files beside the Node
 * files, and on a machine shared with other heavy jobs loading the built collector alone took 15 s;
 * TOUCHPOINT_TEST_READY_MS changes it.
 */
const READY_TIMEOUT_MS = Number(process.env.TOUCHPOINT_TEST_READY_MS ?? 45_000);
/** Pause between two /healthz probes while the child starts. */
const READY_POLL_MS = 50;
/** How long `stop` waits after SIGTERM (the graceful drain) before it sends SIGKILL. */
const STOP_GRACE_MS = 5_000;
/** Output kept from the child, for error messages. */
const OUTPUT_TAIL_CHARS = 4_000;
/** Spawn attempts: a free port found by probing can be taken by another process before the child binds it. */
const START_ATTEMPTS = 3;

/** How a child process ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A collector running as a child process of the test (or bench), listening on 127.0.0.1. */
export interface ChildCollector {
  /** base URL, e.g. `http://127.0.0.1:41234` */
  url: string;
  pid: number;
  /** settles when the process has ended */
  exited: Promise<ChildExit>;
  /** sends a signal without waiting, e.g. `kill('SIGKILL')` to simulate a crash */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (graceful: pending writes are committed), SIGKILL after a grace period; resolves on exit */
  stop(): Promise<ChildExit>;
  /** the last few thousand characters the child wrote to stdout and stderr */
  output(): string;
}

/** Options of a child collector; `env` is added to a minimal environment (PATH, HOME, …). */
export interface ChildCollectorOptions {
  /** SQLite file (TOUCHPOINT_DB) */
  db: string;
  /** more environment: TOUCHPOINT_ADMIN_KEY, TOUCHPOINT_RATE_LIMIT, LOG_LEVEL, TOUCHPOINT_COMMIT_* … */
  env?: Record<string, string>;
  /** options for node itself, e.g. `--cpu-prof` */
  nodeArgs?: string[];
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node dist/cli.js serve` on a free port and resolves once /healthz answers 200. */
export async function startChildCollector(opts: ChildCollectorOptions): Promise<ChildCollector> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`pnpm build\` first`);
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await spawnOnce(opts, await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function spawnOnce(opts: ChildCollectorOptions, port: number): Promise<ChildCollector> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), CLI_PATH, 'serve', '--port', String(port), '--host', '127.0.0.1'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TOUCHPOINT_DB: opts.db,
        LOG_LEVEL: 'warn',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Always drain the pipes: a child whose pipe buffer is full blocks on its next log line.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: ChildExit | null = null;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      resolve(ended);
    });
  });

  const url = `http://127.0.0.1:${port}`;
  const kill = (signal: NodeJS.Signals) => {
    if (ended === null) child.kill(signal);
  };
  const stop = async (): Promise<ChildExit> => {
    kill('SIGTERM');
    const force = setTimeout(() => kill('SIGKILL'), STOP_GRACE_MS);
    try {
      return await exited;
    } finally {
      clearTimeout(force);
    }
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (ended === null) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`collector did not answer /healthz within ${READY_TIMEOUT_MS} ms:\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.ok) {
        return { url, pid: child.pid ?? 0, exited, kill, stop, output: () => tail };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
  throw new Error(`collector exited (${JSON.stringify(ended)}) before answering /healthz:\n${tail}`);
}
