import { defineConfig } from 'vitest/config';

// One vitest run covers every package. Unit and integration projects are fast; `e2e` drives real
// Chromium against built bundles and a real collector, so it runs its files one at a time.
const source = { resolve: { conditions: ['source'] }, ssr: { resolve: { conditions: ['source'] } } };

/**
 * The Node-only projects run their files one after another in a worker they share (`isolate: false`)
 * instead of a fresh process per file: importing Fastify, zod and the collector again for each of ~150
 * files cost about three times the CPU of the tests themselves. It is safe because no test file mocks
 * modules or changes process.env; globals stubbed with vi.stubGlobal are put back after each test, and
 * files that fake timers restore them.
 */
const shared = { isolate: false, unstubGlobals: true, unstubEnvs: true };

export default defineConfig({
  test: {
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
          // one Chromium for the run, which every file connects to
          globalSetup: ['e2e/support/browser-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One file at a time, in one worker that imports the collector and Playwright once (no file
          // mocks modules or stubs globals); after the Node projects when one vitest run has them all.
          fileParallelism: false,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
