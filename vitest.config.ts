import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One vitest run covers every package. Unit and integration projects are fast; `e2e` drives real
// Chromium (one per file) against built bundles and a real collector.
const source = { resolve: { conditions: ['source'] }, ssr: { resolve: { conditions: ['source'] } } };

/**
 * Test files run in at least two workers, also on a 2-core machine, where vitest's default (cores - 1)
 * is one: a file spends much of its time waiting on a process it started (Chromium, a CLI child, a child
 * collector, PostgreSQL) or on fsync, and a second file uses the CPU meanwhile. Browser files run in the
 * same pool as the others instead of one at a time after them. `--maxWorkers=N` overrides it.
 */
const maxWorkers = Math.max(2, availableParallelism() - 1);

/**
 * The Node-only projects run their files one after another in workers they share (`isolate: false`)
 * instead of a fresh process per file: importing Fastify, zod and the collector again for each of ~150
 * files cost about three times the CPU of the tests themselves. It is safe because no test file mocks
 * modules or changes process.env; globals stubbed with vi.stubGlobal are put back after each test, and
 * files that fake timers restore them.
 */
const shared = { isolate: false, unstubGlobals: true, unstubEnvs: true };

export default defineConfig({
  test: {
    maxWorkers,
    projects: [
      { ...source, test: { ...shared, name: 'shared', include: ['shared/test/**/*.test.ts'] } },
      {
        ...source,
        test: {
          ...shared,
          name: 'collector',
          include: ['collector/test/**/*.test.ts'],
          globalSetup: [
            'collector/test/helpers/postgres-global.ts',
            'collector/test/helpers/writer-bundle.ts',
            'collector/test/helpers/cli-bundle.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      { ...source, test: { ...shared, name: 'widget', include: ['widget/test/unit/**/*.test.ts'] } },
      { ...source, test: { ...shared, name: 'demo-site', include: ['demo-site/test/**/*.test.ts'] } },
      {
        ...source,
        test: {
          name: 'e2e',
          include: ['widget/test/browser/**/*.test.ts', 'e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
