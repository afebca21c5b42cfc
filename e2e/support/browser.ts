import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, used when TOUCHPOINT_CHROMIUM is not set. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, deterministic headless Chromium in containers and CI. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary: TOUCHPOINT_CHROMIUM, else Debian's, else Playwright's own download (undefined). */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.TOUCHPOINT_CHROMIUM;
  if (fromEnv) return fromEnv;
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
}

/** Launches headless Chromium for browser tests; close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ headless: true, executablePath: chromiumPath(), args: ARGS });
}
