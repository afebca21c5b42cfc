import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Global setup of the collector tests: bundles the SQLite writer thread's source once per run into one
 * plain module, which every writer thread of the run loads (see startWorker in
 * src/store/sqlite/writer-thread.ts). Without it each thread loads its .ts sources through tsx, ~2 s a
 * thread: the store contract on the thread writer took 82 s instead of 8 s. The bundle is built from the
 * sources of this run, so the threads run the code under test, as they would through tsx.
 */

/** The environment variable writer-thread.ts reads (only when it runs from its .ts source). */
export const WRITER_BUNDLE_ENV = 'TOUCHPOINT_TEST_WRITER_BUNDLE';

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
  const outfile = join(dir, 'writer-worker.mjs');
  await esbuild.build({
    entryPoints: [join(COLLECTOR, 'src/store/sqlite/writer-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
  const previous = process.env[WRITER_BUNDLE_ENV];
  process.env[WRITER_BUNDLE_ENV] = outfile;
  return () => {
    if (previous === undefined) delete process.env[WRITER_BUNDLE_ENV];
    else process.env[WRITER_BUNDLE_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
