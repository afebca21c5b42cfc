import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findPostgresBin, stopCluster } from './postgres.js';

/**
 * Global setup of the collector tests: a folder for this run's PostgreSQL cluster, which the first
 * PostgreSQL test file starts (helpers/postgres.ts) and the teardown stops. Costs nothing when no file
 * of the run needs PostgreSQL.
 */
export default function setup(project: TestProject): () => void {
  const runDir = mkdtempSync(join(tmpdir(), 'touchpoint-pg-run-'));
  // The cluster inside runs as the `postgres` user when the tests run as root: it must reach its folder.
  chmodSync(runDir, 0o755);
  project.provide('postgresRunDir', runDir);
  return () => {
    const bin = findPostgresBin();
    if (bin) stopCluster(bin, join(runDir, 'cluster'));
    rmSync(runDir, { recursive: true, force: true });
  };
}
