import { spawnSync } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { cliArgs, COLLECTOR_DIR } from '../helpers/cli-bundle.js';

const backfill = (db: string, site: string) =>
  spawnSync(process.execPath, cliArgs('insights', 'backfill', '--site', site, '--db', db), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** Each run starts the CLI as a child process, which takes several seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;

describe('touchpoint insights backfill', { timeout: CLI_TIMEOUT_MS }, () => {
  let c: TestCollector;
  afterEach(() => c.close());

  it('analyses every stored response of the site again with its current taxonomy', async () => {
    c = await startCollector();
    await seedCatalog(c);
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { responses: [aResponse({ answers: { nps: 2, why: 'The toilets were dirty.' } }), aResponse()] },
    });
    expect(res.statusCode).toBe(200);
    await c.app.insights!.drain();
    // A taxonomy edit applies to new comments only, until the backfill.
    const taxonomy = { themes: [{ id: 'toilets', label: 'Toilets', terms: { en: ['toilet*'] } }] };
    await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/sites/shop/insights/taxonomy',
      headers: admin(),
      payload: taxonomy,
    });
    const themes = async () =>
      (await c.app.inject({ url: '/v1/admin/sites/shop/insights/themes', headers: admin() })).json().themes;
    expect(await themes()).toMatchObject([{ theme: 'toilets', count: 0 }]);

    const run = backfill(c.dbPath, 'shop');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Analysed 2 responses of site "shop"');
    expect(await themes()).toMatchObject([{ theme: 'toilets', count: 1, sentiment: { negative: 1 } }]);
    const db = new BetterSqlite3(c.dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM response_insights').pluck().get()).toBe(2);
    db.close();
  });

  it('exits 1 and names the site when it does not exist', async () => {
    c = await startCollector();
    const run = backfill(c.dbPath, 'nope');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No site "nope"');
  });
});
