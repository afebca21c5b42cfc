import { defineConfig } from 'vitest/config';

// One vitest run covers every package. Unit and integration projects are fast; `e2e` drives real
// Chromium against built bundles and a real collector, so it runs its files one at a time.
const source = { resolve: { conditions: ['source'] }, ssr: { resolve: { conditions: ['source'] } } };

export default defineConfig({
  test: {
    projects: [
      { ...source, test: { name: 'shared', include: ['shared/test/**/*.test.ts'] } },
      {
        ...source,
        test: {
          name: 'collector',
          include: ['collector/test/**/*.test.ts'],
          globalSetup: ['collector/test/helpers/postgres-global.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      { ...source, test: { name: 'widget', include: ['widget/test/unit/**/*.test.ts'] } },
      { ...source, test: { name: 'demo-site', include: ['demo-site/test/**/*.test.ts'] } },
      {
        ...source,
        test: {
          name: 'e2e',
          include: ['widget/test/browser/**/*.test.ts', 'e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
