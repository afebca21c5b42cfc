/**
 * Where the multivariable model's PostgreSQL time goes (issue #14): the cached bench database copied into a
 * PostgreSQL cluster the script starts (as bench:scores does), then each statement of `pgRollupModelCells` for the
 * six-variable model, timed by EXPLAIN ANALYZE (server execution ms, median of BENCH_RUNS, default 5), with the
 * variables' answer margins read from var_rollups and from var_level_rollups (migration 026), and their levels by
 * touchpoint from var_rollups and from var_cell_rollups (migration 030), alternately; with BENCH_SERIAL=1 each
 * statement also without parallel workers.
 * Not part of bench:scores.
 *   pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/scores/pg-model-cells.ts FILE
 */
import { loadavg } from 'node:os';
import { migrateToPostgres } from '../../collector/src/cli/migrate-to-postgres.js';
import { openPool } from '../../collector/src/store/postgres/db.js';
import { createDatabase } from '../../collector/test/helpers/postgres.js';
import { benchCluster } from '../ingest/postgres.js';

const file = process.argv[2];
if (!file) throw new Error('usage: pg-model-cells.ts DB');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const cluster = await benchCluster();
if (!cluster) throw new Error('PostgreSQL is not installed');
const url = await createDatabase(cluster.base);
const t0 = Date.now();
await migrateToPostgres(file, url);
console.log(`copied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const pool = openPool(url, 1);
await pool.query('VACUUM ANALYZE');

const variables = ['#device', '#trigger', 'segment', 'category', 'region', 'buyer'];
const { rows: questions } = await pool.query<{ survey: string; question: string }>(
  `SELECT DISTINCT ON (survey) survey, question FROM score_rollups WHERE site = 'demo' AND qtype = 'nps'
  ORDER BY survey, question`,
);
const where = `site = 'demo' AND day >= '2026-08-23' AND day <= '2026-11-20' AND qtype = 'nps'
  AND (survey, question) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND variable = ANY($3::text[])`;
const params = [questions.map((q) => q.survey), questions.map((q) => q.question), variables];
const statements: Record<string, string> = {
  'margins from var_rollups': `SELECT variable, level, value, sum(count) FROM var_rollups WHERE ${where}
    GROUP BY 1, 2, 3 HAVING sum(count) <> 0`,
  'margins from var_level_rollups': `SELECT variable, level, value, sum(count) FROM var_level_rollups WHERE ${where}
    GROUP BY 1, 2, 3 HAVING sum(count) <> 0`,
  'levels by touchpoint (var_rollups)': `SELECT variable, level, '' AS survey, touchpoint, '' AS channel, sum(count)
    FROM var_rollups WHERE ${where} GROUP BY 1, 2, 3, 4, 5 HAVING sum(count) <> 0`,
  'levels by touchpoint (var_cell_rollups)': `SELECT variable, level, '' AS survey, touchpoint, '' AS channel,
    sum(count) FROM var_cell_rollups WHERE ${where} GROUP BY 1, 2, 3, 4, 5 HAVING sum(count) <> 0`,
  pairs: `SELECT variable_a, level_a, variable_b, level_b, sum(count) FROM var_pair_rollups
    WHERE ${where.replace('variable = ANY($3::text[])', 'variable_a = ANY($3::text[]) AND variable_b = ANY($3::text[])')}
    GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`,
};
// Each statement again without parallel workers (`BENCH_SERIAL=1`): what `parallel_workers = 0` on the tables gives.
if (process.env.BENCH_SERIAL === '1')
  for (const [label, sql] of Object.entries(statements)) statements[`${label}, serial`] = `/* serial */ ${sql}`;
const times = new Map<string, number[]>(Object.keys(statements).map((k) => [k, []]));
console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`,
);
for (let i = 0; i <= RUNS; i++) {
  for (const [label, sql] of Object.entries(statements)) {
    await pool.query(`SET max_parallel_workers_per_gather = ${sql.startsWith('/* serial */') ? 0 : 2}`);
    const { rows } = await pool.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      params,
    );
    if (i > 0) times.get(label)?.push(rows[0]?.['QUERY PLAN'][0]['Execution Time'] ?? Number.NaN);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
for (const [label, xs] of times)
  console.log(`${label}: ${med(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(' ')})`);
for (const label of Object.keys(statements)) {
  await pool.query(`SET max_parallel_workers_per_gather = ${label.endsWith(', serial') ? 0 : 2}`);
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statements[label]}`, params);
  console.log(`${label}:\n  ${rows.map((r) => r['QUERY PLAN']).join('\n  ')}`);
}
console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`,
);
await pool.end();
process.exit(0);
