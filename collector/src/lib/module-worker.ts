import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a `worker_threads` thread on the module `name` (without extension) beside the module at `base`
 * (the caller's `import.meta.url`). Built, it is a plain .js module; under vitest or tsx the caller runs
 * from its .ts source, and so must the thread: a one-line bootstrap loads it through tsx's API (slow to
 * start, which is why tests run the collector's threads inline, or pass `testBundle`: the thread's sources
 * bundled once per test run).
 */
export function startModuleWorker(base: string, name: string, workerData: unknown, testBundle?: string): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), { workerData });
  // A test run may have bundled the thread's sources into one plain module already.
  if (testBundle) return new Worker(pathToFileURL(testBundle), { workerData });
  // The ESM build of tsx's API (require.resolve would pick its CommonJS one).
  const tsxRoot = dirname(createRequire(base).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL(`./${name}.ts`, base).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(base)}))`;
  return new Worker(bootstrap, { eval: true, workerData, execArgv: ['--conditions=source'] });
}
