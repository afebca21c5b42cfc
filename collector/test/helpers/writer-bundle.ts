import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Global setup of the collector tests: bundles each store's writer thread's source once per run into one
 * plain module, which every writer thread of the run loads (see startWorker in
 * src/store/sqlite/writer-thread.ts). Without it each thread loads its .ts sources through tsx, ~2 s a
 * thread: the store contract on the thread writer took 82 s instead of 8 s. The bundle is built from the
 * sources of this run, so the threads run the code under test, as they would through tsx.
 */

/** The environment variable writer-thread.ts reads (only when it runs from its .ts source). */
export const WRITER_BUNDLE_ENV = 'TOUCHPOINT_TEST_WRITER_BUNDLE';
/** The same for the PostgreSQL writer thread (src/store/postgres/writer-thread.ts). */
export const PG_WRITER_BUNDLE_ENV = 'TOUCHPOINT_TEST_PG_WRITER_BUNDLE';

const COLLECTOR = fileURLToPath(new URL('../../', import.meta.url));

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
}

export default async function setup(): Promise<() => void> {
  // esbuild comes with tsx (a dev dependency of the collector), which is what it replaces here.
  const fromTsx = createRequire(createRequire(join(COLLECTOR, 'package.json')).resolve('tsx/package.json'));
  const esbuild = fromTsx('esbuild') as EsbuildApi;
  // Below the collector's node_modules, so that better-sqlite3 (not bundled: a native addon) resolves.
  const dir = join(COLLECTOR, 'node_modules', '.cache', `touchpoint-writer-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const previous = new Map<string, string | undefined>();
  for (const [env, source, file] of [
    [WRITER_BUNDLE_ENV, 'src/store/sqlite/writer-worker.ts', 'writer-worker.mjs'],
    [PG_WRITER_BUNDLE_ENV, 'src/store/postgres/writer-worker.ts', 'pg-writer-worker.mjs'],
  ] as const) {
    const outfile = join(dir, file);
    await esbuild.build({
      entryPoints: [join(COLLECTOR, source)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['source'],
      // Resolved from the collector's node_modules: a native addon, and node-postgres (CommonJS, whose
      // optional pg-native a bundle would have to resolve).
      external: ['better-sqlite3', 'pg'],
      logLevel: 'warning',
    });
    previous.set(env, process.env[env]);
    process.env[env] = outfile;
  }
  return () => {
    for (const [env, value] of previous) {
      if (value === undefined) delete process.env[env];
      else process.env[env] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
