import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { site, survey } from '@touchpoint/shared';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { VariableCountQuery } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';
import { inValueOrder } from '../helpers/variable-counts.js';
import { cliArgs, COLLECTOR_DIR } from '../helpers/cli-bundle.js';

const recount = (db: string, ...args: string[]) =>
  spawnSync(process.execPath, cliArgs('recount', '--db', db, ...args), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** Each run starts the CLI as a child process, which takes several seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'touchpoint-recount-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const query: VariableCountQuery = {
  from: '2026-11-01',
  to: '2026-11-01',
  qtype: 'nps',
  questions: [{ survey: 'q', question: 'nps' }],
  columns: ['device'],
  variables: ['tier'],
};
describe('touchpoint recount', { timeout: CLI_TIMEOUT_MS }, () => {
  it("counts a site's rollups again from its responses: an upgraded site reads them instead of scanning", async () => {
    const file = join(dir, 'upgraded.db');
    const store = new SqliteStore({ file, writer: 'inline' });
    for (const key of ['s', 't']) {
      await store.createSite(site.parse({ key, name: key.toUpperCase() }));
      await store.createSurvey(
        key,
        survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' } }] }),
      );
    }
    await store.saveResponses(
      Array.from({ length: 30 }, (_, i) =>
        aRecord({
          site: i < 20 ? 's' : 't',
          answers: { nps: i % 11 },
          createdAt: '2026-11-01T10:00:00.000Z',
          vars: { tier: i % 3 === 0 ? 'gold' : 'new' },
          device: i % 2 === 0 ? 'mobile' : null,
        }),
      ),
    );
    const kept = await store.variableCounts('s', query);
    expect(kept.source).toBe('rollup');
    // As a migration that adds rollups leaves an existing installation: the sites pending, their rollups empty.
    store.db.exec(`DELETE FROM var_rollups; DELETE FROM var_pair_rollups; DELETE FROM rollup_variables;
      DELETE FROM rollup_levels; INSERT INTO variable_rollups_pending (site) VALUES ('s'), ('t')`);
    expect((await store.variableCounts('s', query)).source).toBe('scan');
    await store.close();

    const one = recount(file, '--site', 's');
    expect(one.stderr).toBe('');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^Recounted the rollups of site "s" from 20 responses in \d+\.\d s\n$/);
    const after = new SqliteStore({ file, writer: 'inline' });
    expect(inValueOrder(await after.variableCounts('s', query))).toEqual(inValueOrder(kept));
    expect((await after.variableCounts('t', query)).source).toBe('scan');
    await after.close();

    const all = recount(file);
    expect(all.status).toBe(0);
    expect(all.stdout).toContain('Recounted the rollups of site "s" from 20 responses');
    expect(all.stdout).toContain('Recounted the rollups of site "t" from 10 responses');
    const done = new SqliteStore({ file, writer: 'inline' });
    expect((await done.variableCounts('t', query)).source).toBe('rollup');
    expect(inValueOrder(await done.variableCounts('s', query))).toEqual(inValueOrder(kept));
    await done.close();
  });

  it('exits 1 and names the site when it does not exist', () => {
    const file = join(dir, 'empty.db');
    const run = recount(file, '--site', 'nope');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('recount: no site "nope"');
  });
});
