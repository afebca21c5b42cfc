#!/usr/bin/env node
/**
 * `pnpm test`: builds what is stale, then runs the Node-side projects and the browser project (`e2e`) as
 * two vitest runs at the same time, and exits non-zero when either fails.
 *
 * Why two runs: on 2 cores vitest uses one worker, and one vitest run cannot give the Node projects one
 * worker and the browser files another at the same time (projects with different `maxWorkers` must run
 * one group after the other). The browser files spend much of their time waiting on Chromium and on
 * widget timers, so the Node files run in that time instead of after it.
 *
 * Arguments go to vitest. With a file filter or `--project`, it is one plain `vitest run` with them. A
 * JSON report (`--outputFile.json=FILE`, or `--outputFile=FILE` with the json reporter) is written by each
 * run beside FILE and merged into FILE, so CI reads one report as before.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The two runs: a label for their output lines and the projects each runs. */
const RUNS = [
  { label: 'node', projects: ['shared', 'collector', 'widget', 'demo-site'] },
  { label: 'e2e', projects: ['e2e'] },
];

const built = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const args = process.argv.slice(2).filter((a) => a !== '--');
/** vitest options that take a value as the next argument (so that value is not read as a file filter). */
const TAKES_VALUE =
  /^(--reporter|--outputFile(\.\w+)?|-t|--testNamePattern|--project|--bail|--retry|--shard|--root|-r|--config|-c)$/;
const filtered = args.some((a, i) => {
  if (a === '--project' || a.startsWith('--project=')) return true;
  if (a.startsWith('-')) return false;
  return !TAKES_VALUE.test(args[i - 1] ?? '');
});
/** @param {string[]} extra @param {'pipe' | 'inherit'} stdio */
const vitest = (extra, stdio = 'pipe') =>
  spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...extra], {
    cwd: ROOT,
    stdio,
    // colours as vitest would print them itself, though its output passes through this script
    env: process.stdout.isTTY && !process.env.NO_COLOR ? { ...process.env, FORCE_COLOR: '1' } : process.env,
  });

if (filtered) {
  const child = vitest(args, 'inherit');
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await runBoth();
}

/** Where the JSON report goes, if asked for, and the arguments without that option. */
function jsonReport() {
  const rest = [];
  let file;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = /^--outputFile(\.json)?=(.+)$/.exec(a);
    if (eq) file = eq[2];
    else if (a === '--outputFile.json' || a === '--outputFile') file = args[++i];
    else rest.push(a);
  }
  return { file, rest };
}

async function runBoth() {
  const { file, rest } = jsonReport();
  const begin = Date.now();
  const results = await Promise.all(
    RUNS.map(({ label, projects }) => {
      const own = file ? [`--outputFile.json=${part(file, label)}`] : [];
      const child = vitest([...projects.flatMap((p) => ['--project', p]), ...rest, ...own]);
      // Line by line with the run's label, so the two outputs interleave readably.
      for (const [stream, out] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ])
        createInterface({ input: stream }).on('line', (line) => out.write(`[${label}] ${line}\n`));
      return new Promise((resolve) =>
        child.on('close', (code, signal) => resolve({ label, code: code ?? (signal ? 1 : 0), signal })),
      );
    }),
  );
  if (file)
    mergeReports(
      file,
      RUNS.map(({ label }) => part(file, label)),
    );
  const seconds = ((Date.now() - begin) / 1000).toFixed(0);
  const failed = results.filter((r) => r.code !== 0);
  for (const r of results)
    console.log(`${r.label}: ${r.code === 0 ? 'passed' : `failed (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`}`);
  console.log(`both runs took ${seconds} s`);
  process.exit(failed.length ? 1 : 0);
}

/** One run's own report beside FILE: `vitest.json` → `vitest.node-run.json` (never a `.node` addon name). */
function part(file, label) {
  return file.replace(/(\.json)?$/, (ext) => `.${label}-run${ext || '.json'}`);
}

/** Merges the JSON reports of the runs into one in vitest's format (counts added, files concatenated). */
function mergeReports(file, parts) {
  const reports = parts.filter((p) => existsSync(p)).map((p) => JSON.parse(readFileSync(p, 'utf8')));
  if (!reports.length) return;
  const merged = { ...reports[0], testResults: [] };
  for (const key of Object.keys(merged)) if (typeof merged[key] === 'number') merged[key] = 0;
  for (const r of reports) {
    for (const [key, value] of Object.entries(r)) if (typeof value === 'number') merged[key] += value;
    merged.testResults.push(...r.testResults);
  }
  merged.startTime = Math.min(...reports.map((r) => r.startTime));
  merged.success = reports.length === parts.length && reports.every((r) => r.success);
  writeFileSync(file, JSON.stringify(merged));
  for (const p of parts) rmSync(p, { force: true });
}
