#!/usr/bin/env node
/**
 * `pnpm screenshot`: starts the collector's demo (`collector/dist/cli.js demo`) on a fresh temp
 * database, signs in to the dashboard in headless Chromium and saves docs/screenshots/dashboard.png
 * (the overview) and docs/screenshots/leaderboard.png. It also times the overview: from navigation
 * to every chart drawn, the median of a few reloads. Then what respondents see, in the demo shop's theme:
 * the kiosk at 1280×800, 800×1280 and 1080×1920 and the link page at 320 px and on a desktop
 * (respondent-*.png), and the popup on a light and a dark product page of the shop, on a desktop and a
 * phone (respondent-popup-*.png). Needs `pnpm build` first.
 *
 * Environment: TOUCHPOINT_CHROMIUM (the browser; default Debian's /usr/bin/chromium, else
 * Playwright's own download).
 */
/* global fetch */
/* global performance, location -- used inside page.evaluate, in the browser */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const CLI = fileURLToPath(new URL('../collector/dist/cli.js', import.meta.url));
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
/** The demo admin key the CLI uses when TOUCHPOINT_ADMIN_KEY is not set. */
const DEMO_ADMIN_KEY = 'tp_demo_7Qm2vXk9RpL4wZt8Nc3B';
/** Responses the demo seeds (the CLI's default). */
const RESPONSES = 3000;
/** How long seeding and start-up may take. */
const READY_TIMEOUT_MS = 180_000;
/** Bound on each wait for the page. */
const WAIT_MS = 15_000;
/** Reloads of the overview that are timed. */
const TIMED_RUNS = 5;
/** The charts that make the overview complete. */
const OVERVIEW_CHARTS = ['#trend-chart[data-drawn]', '#channel-chart[data-drawn]'];
const VIEWPORT = { width: 1440, height: 900 };
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CLI)) {
  console.error('The collector is not built: run `pnpm build` first.');
  process.exit(1);
}

/** A free TCP port on the loopback interface. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-screenshot-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// the demo's own admin key, whatever the shell sets
const env = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
delete env.TOUCHPOINT_ADMIN_KEY;
const collector = spawn(
  process.execPath,
  [CLI, 'demo', '--port', String(port), '--db', join(dir, 'demo.db'), '--responses', String(RESPONSES)],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
);
let browser;
try {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (collector.exitCode !== null) throw new Error(`the collector exited with ${collector.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the collector did not start in time');
    await sleep(200);
  }

  const executablePath = process.env.TOUCHPOINT_CHROMIUM || (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  browser = await chromium.launch({ headless: true, executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${base}/dashboard/`);
  await page.getByLabel('API key').fill(DEMO_ADMIN_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await Promise.all(OVERVIEW_CHARTS.map((c) => page.waitForSelector(c, { timeout: WAIT_MS })));

  // time the overview: navigation start to every chart drawn (the key is already in sessionStorage)
  const times = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    await page.reload();
    await Promise.all(OVERVIEW_CHARTS.map((c) => page.waitForSelector(c, { timeout: WAIT_MS })));
    times.push(await page.evaluate(() => performance.now()));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `Overview (${RESPONSES} responses): charts drawn ${Math.round(median)} ms after navigation (median of ${TIMED_RUNS}; ${times.map(Math.round).join(', ')} ms)`,
  );

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'dashboard.png') });
  await page.evaluate(() => (location.hash = '#/leaderboard'));
  await page.waitForSelector('#leaderboard-chart[data-drawn]', { timeout: WAIT_MS });
  await page.waitForSelector('#quintile-chart[data-drawn]', { timeout: WAIT_MS });
  await page.screenshot({ path: join(OUT, 'leaderboard.png') });
  console.log(`Saved ${join(OUT, 'dashboard.png')} and leaderboard.png`);
  await respondentShots(browser, base, errors);
  await popupShots(browser, base, errors);
  if (errors.length) {
    console.error(`Console errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser?.close();
  collector.kill('SIGTERM');
  await new Promise((resolve) => (collector.exitCode !== null ? resolve() : collector.once('exit', resolve)));
  rmSync(dir, { recursive: true, force: true });
}

/** Screenshots of the kiosk and the link page, each once its survey is drawn. */
async function respondentShots(browser, base, errors) {
  const shot = async (name, viewport, url, ready) => {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    await page.goto(url);
    await page.locator(ready).first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(OUT, name) });
    await context.close();
  };
  const face = 'touchpoint-survey-root svg';
  for (const [w, h] of [
    [1280, 800],
    [800, 1280],
    [1080, 1920],
  ])
    await shot(`respondent-kiosk-${w}x${h}.png`, { width: w, height: h }, `${base}/k/kiosk-store-12`, face);
  const nps = 'touchpoint-survey-root fieldset button';
  await shot('respondent-link-320.png', { width: 320, height: 640 }, `${base}/s/store-nps?tp=store-12`, nps);
  await shot('respondent-link-desktop.png', { width: 1280, height: 800 }, `${base}/s/store-nps?tp=store-12`, nps);
  console.log('Saved the respondent-*.png screenshots (kiosk, link page)');
}

/** A product page of the shop, light or dark, that opens the demo's website NPS survey at once. */
function shopPage(base, dark) {
  const [bg, fg, panel] = dark ? ['#121417', '#e6e8eb', '#1f242b'] : ['#ffffff', '#1d2a24', '#f1efe8'];
  const tiles = ['Trail jacket', 'Wool beanie', 'Hiking boots', 'Rain trousers']
    .map((n) => `<div class="t"><div class="img"></div><p>${n}</p></div>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Outfitters</title><style>body{margin:0;font-family:system-ui,sans-serif;background:${bg};color:${fg}}
header{padding:18px 24px;background:#1d5c3a;color:#fff;font-weight:700;font-size:20px}main{padding:24px}
.g{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:16px}.t{background:${panel};border-radius:10px;padding:12px}
.img{height:120px;border-radius:8px;background:linear-gradient(135deg,#a3461f55,#1d5c3a55)}</style>
<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)};touchpoint('show','site-nps');</script>
<script async src="${base}/widget.js" data-site="demo" data-touchpoint="product-page"></script></head>
<body><header>Northwind Outfitters</header><main><h1>Outdoor jackets</h1><div class="g">${tiles}</div></main></body></html>`;
}

/** The popup on the shop's product page: light and dark, desktop and phone, an answer picked. */
async function popupShots(browser, base, errors) {
  // the shop's product pages, served here; the demo site is told to allow their origin
  const shop = createHttpServer((req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopPage(base, req.url.includes('dark'))),
  );
  await new Promise((resolve) => shop.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${shop.address().port}`;
  const auth = { authorization: `Bearer ${DEMO_ADMIN_KEY}`, 'content-type': 'application/json' };
  const site = await (await fetch(`${base}/v1/admin/sites/demo`, { headers: auth })).json();
  const patched = await fetch(`${base}/v1/admin/sites/demo`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ origins: [...site.origins, origin] }),
  });
  if (!patched.ok) throw new Error(`could not allow the shop's origin: ${patched.status}`);
  try {
    for (const dark of [false, true])
      for (const [device, viewport, mobile] of [
        ['desktop', { width: 1280, height: 800 }, false],
        ['phone', { width: 390, height: 844 }, true],
      ]) {
        const name = `respondent-popup-${dark ? 'dark' : 'light'}-${device}.png`;
        const context = await browser.newContext({
          viewport,
          deviceScaleFactor: 1,
          reducedMotion: 'reduce',
          isMobile: mobile,
          hasTouch: mobile,
        });
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
        await page.goto(`${origin}/products/jackets${dark ? '?dark' : ''}`);
        const option = page.locator('touchpoint-survey-root [role=dialog] input[value="9"]');
        await option.waitFor({ timeout: WAIT_MS });
        await option.click();
        await page.screenshot({ path: join(OUT, name) });
        await context.close();
      }
  } finally {
    shop.close();
  }
  console.log('Saved the respondent-popup-*.png screenshots (light and dark page, desktop and phone)');
}
