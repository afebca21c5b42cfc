#!/usr/bin/env node
/**
 * Builds the packages whose sources changed since their last build, in dependency order, saying what it
 * does and how long it took. `pnpm start` and `pnpm test` run it, so a second start on a built tree skips
 * the build (`pnpm run build` still builds everything).
 *
 * A package is stale when its build output is missing, or when the fingerprint of its inputs (path,
 * size and modification time of every file below it outside dist/, node_modules/ and test/) or of a
 * package it depends on differs from the one recorded after its last successful build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the fingerprints of the last successful builds are kept (ignored by git with node_modules/). */
const STAMPS = join(ROOT, 'node_modules', '.cache', 'touchpoint-build');
/** Folders that are not build inputs. */
const SKIP = new Set(['dist', 'node_modules', 'test', 'coverage', '.vitest-tmp']);

/** The built packages in build order, each with what it depends on and a file its build must leave. */
const PACKAGES = [
  { name: 'shared', deps: [], output: 'shared/dist/index.js' },
  { name: 'widget', deps: ['shared'], output: 'widget/dist/widget.js' },
  { name: 'collector', deps: ['shared'], output: 'collector/dist/cli.js' },
];

/** @param {string} dir @param {import('node:crypto').Hash} hash */
function fingerprintInto(dir, hash) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fingerprintInto(path, hash);
    else if (entry.isFile()) {
      const { size, mtimeMs } = statSync(path);
      hash.update(`${relative(ROOT, path)}\0${size}\0${mtimeMs}\n`);
    }
  }
}

/** @param {string} name @param {Map<string, string>} prints */
function fingerprint(name, prints) {
  const hash = createHash('sha256');
  fingerprintInto(join(ROOT, name), hash);
  for (const file of ['tsconfig.base.json', 'pnpm-lock.yaml']) {
    const { size, mtimeMs } = statSync(join(ROOT, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  for (const dep of PACKAGES.find((p) => p.name === name)?.deps ?? []) hash.update(`${dep}:${prints.get(dep)}\n`);
  return hash.digest('hex');
}

/** @param {string} name */
const stampFile = (name) => join(STAMPS, `${name}.txt`);

function main() {
  const force = process.argv.includes('--force');
  mkdirSync(STAMPS, { recursive: true });
  /** @type {Map<string, string>} */
  const prints = new Map();
  let built = 0;
  for (const pkg of PACKAGES) {
    const before = fingerprint(pkg.name, prints);
    const recorded = existsSync(stampFile(pkg.name)) ? readFileSync(stampFile(pkg.name), 'utf8') : '';
    if (!force && recorded === before && existsSync(join(ROOT, pkg.output))) {
      prints.set(pkg.name, before);
      continue;
    }
    process.stdout.write(`Building ${pkg.name} …\n`);
    const started = performance.now();
    const result = spawnSync('pnpm', ['--silent', 'run', 'build'], {
      cwd: join(ROOT, pkg.name),
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      process.stdout.write(result.stdout ?? '');
      process.stderr.write(`Building ${pkg.name} failed (exit ${result.status ?? result.signal}).\n`);
      process.exit(1);
    }
    // The build's own report (e.g. the widget's sizes), indented under the step.
    for (const line of (result.stdout ?? '').split('\n').filter(Boolean)) process.stdout.write(`  ${line}\n`);
    process.stdout.write(`Built ${pkg.name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    // Fingerprint again: a build may touch its inputs (it should not, but then it is stale next time).
    const after = fingerprint(pkg.name, prints);
    writeFileSync(stampFile(pkg.name), after);
    prints.set(pkg.name, after);
    built++;
  }
  if (!built) process.stdout.write('Build is up to date.\n');
}

main();
