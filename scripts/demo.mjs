#!/usr/bin/env node
/**
 * `pnpm start`: runs the collector's demo (`collector/dist/cli.js demo`: seeds an empty database and
 * serves) as a child process and the demo shop in this one, waits until both answer, prints where
 * everything is, and stops both on Ctrl+C (exit code 0). First it builds what changed since the last
 * build (scripts/build-if-stale.mjs; `--no-build` skips that). Installs nothing.
 *
 * Environment: PORT (collector, default 8787), DEMO_PORT (shop, default 5173),
 * TOUCHPOINT_COLLECTOR_URL (the URL the shop embeds the widget from, default the collector's),
 * and everything the collector reads (TOUCHPOINT_DB, TOUCHPOINT_ADMIN_KEY, …; a .env file too).
 */
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT as DEFAULT_SHOP_PORT, startShop } from '../demo-site/server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../collector/dist/cli.js', import.meta.url));
const BUILD = fileURLToPath(new URL('./build-if-stale.mjs', import.meta.url));
/** The demo admin key the CLI uses when TOUCHPOINT_ADMIN_KEY is not set. */
const DEMO_ADMIN_KEY = 'tp_demo_7Qm2vXk9RpL4wZt8Nc3B';
/** How long the collector may take to seed and start (seeding a fresh database takes a few seconds). */
const READY_TIMEOUT_MS = 180_000;
/** Pause between two readiness probes. */
const POLL_MS = 100;
/** How long the collector may take to drain and exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 12_000;
/** The page the URL block points to as "the" product page. */
const SAMPLE_PRODUCT = 'fjord-shell-jacket';

/** pino's numeric levels, for the collector's JSON log lines. */
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * A collector log line as `collector warn: message`; any other line as it is.
 * @param {string} line
 */
function readable(line) {
  if (!line.startsWith('{')) return line;
  try {
    const { level, msg, err } = JSON.parse(line);
    const name = LEVELS[/** @type {keyof typeof LEVELS} */ (level)] ?? 'log';
    return `collector ${name}: ${msg ?? ''}${err?.message ? ` (${err.message})` : ''}`;
  } catch {
    return line;
  }
}

/** @param {string} message */
function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exitCode = 1;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether `url` answers with a status `ok` accepts (false while nothing listens).
 * @param {string} url @param {(status: number) => boolean} [ok]
 */
async function answers(url, ok = (s) => s < 500) {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return ok(res.status);
  } catch {
    return false;
  }
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, [BUILD], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return fail('The build failed; see above.');
  }
  // The collector reads ./.env; read it here too so both agree on PORT and the admin key.
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (!existsSync(CLI)) return fail(`${CLI} is missing: run \`pnpm run build\` (or \`pnpm start\`, which builds).`);
  const shopPort = Number(process.env.DEMO_PORT ?? DEFAULT_SHOP_PORT);
  if (!Number.isInteger(shopPort) || shopPort < 0 || shopPort > 65535) return fail(`DEMO_PORT must be a port number`);

  const child = spawn(process.execPath, [CLI, 'demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));

  // The CLI prints its own URL block; keep its other output, but read the block instead of showing it.
  let collectorUrl = '';
  let adminKey = process.env.TOUCHPOINT_ADMIN_KEY ?? DEMO_ADMIN_KEY;
  let inBlock = false;
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (/** @type {string} */ chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('Touchpoint is running.')) inBlock = true;
      if (!inBlock && line.trim()) process.stdout.write(readable(line) + '\n');
      const url = /^\s+Collector\s+(\S+)/.exec(line);
      if (inBlock && url) collectorUrl = url[1] ?? '';
      const key = /^\s+Admin key\s+(\S+)/.exec(line);
      if (inBlock && key && key[1] !== '(none)') adminKey = key[1] ?? adminKey;
      if (line.startsWith('Press Ctrl+C')) inBlock = false;
    }
  });

  let shop = /** @type {Awaited<ReturnType<typeof startShop>> | null} */ (null);
  let stopping = false;
  const stop = async (/** @type {number} */ code) => {
    if (stopping) return;
    stopping = true;
    await shop?.close().catch(() => {});
    if (!exited) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exit;
      clearTimeout(force);
    }
    process.exit(code);
  };
  // `on`, not `once`: Ctrl+C reaches this process twice, from the terminal and forwarded by pnpm, and a
  // second SIGINT without a listener would kill it (pnpm then reports a failed command).
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void exit.then((how) => {
    if (stopping) return;
    fail(`The collector stopped (${how.signal ?? `exit code ${how.code}`}); stopping the demo.`);
    void stop(how.code || 1);
  });

  // Wait for the collector: its URL block, then a healthy /healthz.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && !(collectorUrl && (await answers(`${collectorUrl}/healthz`, (s) => s === 200)))) {
    if (Date.now() > deadline) {
      fail(`The collector did not start within ${READY_TIMEOUT_MS / 1000} s.`);
      return stop(1);
    }
    await sleep(POLL_MS);
  }
  if (exited || stopping) return;

  try {
    shop = await startShop({ port: shopPort, collectorUrl: process.env.TOUCHPOINT_COLLECTOR_URL ?? collectorUrl });
  } catch (err) {
    const busy = /** @type {{ code?: string }} */ (err).code === 'EADDRINUSE';
    fail(busy ? `Port ${shopPort} is in use: set DEMO_PORT to another port.` : `The demo shop failed: ${err}`);
    return stop(1);
  }
  await allowShopOrigin(collectorUrl, adminKey, shop.url);
  const dashboard = await answers(`${collectorUrl}/dashboard`, (s) => s !== 404);

  const rows = [
    ['Shop', shop.url],
    ['Product page', `${shop.url}/product/${SAMPLE_PRODUCT}`],
    ['Cart', `${shop.url}/cart`],
    ['Kiosk', `${shop.url}/kiosk`],
    ['QR poster', `${shop.url}/poster`],
    ...(dashboard ? [['Dashboard', `${collectorUrl}/dashboard`]] : []),
    ['API docs', `${collectorUrl}/docs`],
    ['Collector', collectorUrl],
    ['Admin key', `${adminKey}   (demo only: set TOUCHPOINT_ADMIN_KEY for real use)`],
  ];
  process.stdout.write(
    [
      '',
      'Touchpoint demo is running.',
      '',
      ...rows.map(([label, value]) => `  ${String(label).padEnd(13)} ${value}`),
      '',
      'Try it: open a product page, add it to the cart, then leave through the top of the window.',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

/**
 * The seeded demo site lets the widget run on port 5173 only; on another DEMO_PORT, add the shop's
 * origins through the admin API. Best effort: the shop still works, only without surveys.
 * @param {string} collectorUrl @param {string} adminKey @param {string} shopUrl
 */
async function allowShopOrigin(collectorUrl, adminKey, shopUrl) {
  const port = new URL(shopUrl).port;
  const wanted = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const site = `${collectorUrl}/v1/admin/sites/demo`;
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  try {
    const res = await fetch(site, { headers });
    if (!res.ok) throw new Error(`GET ${site}: ${res.status}`);
    const { origins = [] } = /** @type {{ origins?: string[] }} */ (await res.json());
    const missing = wanted.filter((o) => !origins.includes(o));
    if (!missing.length) return;
    const patch = await fetch(site, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ origins: [...origins, ...missing] }),
    });
    if (!patch.ok) throw new Error(`PATCH ${site}: ${patch.status}`);
  } catch (err) {
    process.stderr.write(`Could not allow ${shopUrl} on the demo site, so the widget will not show there: ${err}\n`);
  }
}

main().catch((err) => {
  fail(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
