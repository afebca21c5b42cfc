import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';
import { cliArgs, COLLECTOR_DIR } from '../helpers/cli-bundle.js';

/** Runs `touchpoint import` on the test collector's database while the collector has it open. */
function importFile(c: TestCollector, file: string, ...args: string[]) {
  return spawnSync(process.execPath, cliArgs('import', file, '--db', c.dbPath, '--site', 'shop', ...args), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent', TOUCHPOINT_WRITER: 'inline' },
  });
}

/** Three historic phone answers: a promoter, a passive and a detractor with a comment and a variable. */
const GOOD_CSV = [
  'call_id,createdAt,touchpoint,score,comment,var.agent',
  'c-1,2025-03-04T10:00:00Z,store-12,10,,ana',
  'c-2,2025-03-05T11:30:00+01:00,store-12,8,,ben',
  'c-3,2025-03-06T09:15:00Z,store-12,3,"Waited 20 minutes, then ""hold on""",ana',
  '',
].join('\n');

const MAPPED = ['--survey', 'nps', '--map', 'score=nps,comment=why', '--map', 'call_id='];
/** Each run starts the CLI as a child process, which takes several seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;

describe('touchpoint import', () => {
  let c: TestCollector;
  let dir = '';
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
    dir = dirname(c.dbPath);
  });
  afterEach(async () => c.close());

  const get = async (url: string) => {
    const res = await c.app.inject({ method: 'GET', url, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it(
    'imports a CSV file, then says "0 new, 3 already there" when it is imported again',
    { timeout: CLI_TIMEOUT_MS },
    async () => {
      const file = join(dir, 'calls.csv');
      writeFileSync(file, GOOD_CSV);
      const run = importFile(c, file, ...MAPPED);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('3 new, 0 already there, 0 refused (3 rows)');
      const again = importFile(c, file, ...MAPPED);
      expect(again.status).toBe(0);
      expect(again.stdout).toContain('0 new, 3 already there, 0 refused (3 rows)');
      const page = await get('/v1/admin/sites/shop/responses?limit=10');
      expect(page.items).toHaveLength(3);
    },
  );

  it(
    'names the row and column of a bad answer, stores the other rows and exits 1',
    { timeout: CLI_TIMEOUT_MS },
    async () => {
      const file = join(dir, 'calls.csv');
      writeFileSync(file, `${GOOD_CSV}c-4,2025-03-07T09:00:00Z,store-12,11,,ben\n`);
      const bad = importFile(c, file, ...MAPPED);
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('row 5, score: NPS answers are whole numbers from 0 to 10');
      expect(bad.stdout).toContain('3 new, 0 already there, 1 refused (4 rows)');
    },
  );
});
