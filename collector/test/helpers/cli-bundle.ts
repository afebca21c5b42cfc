import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The collector's CLI for tests that spawn it (`touchpoint doctor`, `import`, `backup` …).
 *
 * Global setup of the collector tests bundles src/cli.ts once per run into one plain module, and
 * `cliArgs` runs `node` on it. Before, each spawn ran `node --import tsx src/cli.ts`, which compiles the
 * CLI's TypeScript again in every child: about twice the CPU of loading the bundle, for every spawn.
 * The bundle is built from the sources of this run, so the children run the code under test
 * (workspace packages from their sources too, as tsx with `--conditions=source` would).
 *
 * Every module of the bundle keeps its own `import.meta.url` (its source file's URL): the collector
 * finds its migrations, widget and dashboard folders relative to its source files, and its threads
 * start from their sources as under tsx (the writer thread from the writer bundle, see writer-bundle.ts).
 */

/** The environment variable `cliArgs` reads: the bundle's path, set by the global setup. */
export const CLI_BUNDLE_ENV = 'TOUCHPOINT_TEST_CLI_BUNDLE';

/** The collector package's folder: the working directory for CLI children (tsx resolves from it). */
export const COLLECTOR_DIR = fileURLToPath(new URL('../../', import.meta.url));

const CLI_SOURCE = join(COLLECTOR_DIR, 'src/cli.ts');

/**
 * `node`'s arguments to run `touchpoint ...args` from this run's sources: the bundle when the global
 * setup built one, else the source through tsx (spawn with `cwd: COLLECTOR_DIR` then).
 */
export function cliArgs(...args: string[]): string[] {
  const bundle = process.env[CLI_BUNDLE_ENV];
  return bundle ? [bundle, ...args] : ['--import', 'tsx', '--conditions=source', CLI_SOURCE, ...args];
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Packages the bundle imports at run time instead of containing them: the collector's own dependencies. */
function externals(): string[] {
  const pkg = JSON.parse(readFileSync(join(COLLECTOR_DIR, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const all = { ...pkg.dependencies, ...pkg.devDependencies };
  // Workspace packages are bundled from their sources (the `source` condition).
  const names = Object.keys(all).filter((name) => !all[name]?.startsWith('workspace:'));
  return names.flatMap((name) => [name, `${name}/*`]);
}

export default async function setup(): Promise<() => void> {
  // esbuild comes with tsx (a dev dependency of the collector), which is what it replaces here.
  const fromTsx = createRequire(createRequire(join(COLLECTOR_DIR, 'package.json')).resolve('tsx/package.json'));
  const esbuild = fromTsx('esbuild') as EsbuildApi;
  // Below the collector's node_modules, so that its dependencies resolve from the bundle.
  const dir = join(COLLECTOR_DIR, 'node_modules', '.cache', `touchpoint-cli-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'cli.mjs');
  await esbuild.build({
    entryPoints: [CLI_SOURCE],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: externals(),
    logLevel: 'warning',
    plugins: [
      {
        name: 'source-import-meta-url',
        setup(build: { onLoad(o: { filter: RegExp }, cb: (a: { path: string }) => Promise<unknown>): void }) {
          build.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
            contents: (await readFile(path, 'utf8')).replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  const previous = process.env[CLI_BUNDLE_ENV];
  process.env[CLI_BUNDLE_ENV] = outfile;
  return () => {
    if (previous === undefined) delete process.env[CLI_BUNDLE_ENV];
    else process.env[CLI_BUNDLE_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
