import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /** the Chromium of this run (e2e/support/browser-server.ts), when the project started one */
    chromiumEndpoint?: string;
  }
}

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

/** How the browser tests launch Chromium. */
export const BROWSER_OPTIONS: LaunchOptions = { headless: true, executablePath: chromiumPath(), args: ARGS };

/**
 * Headless Chromium for browser tests; close it in `afterAll`. Under the e2e project this is a connection
 * to the run's one Chromium (closing it closes this file's contexts and pages, not the browser); else a
 * browser of its own.
 */
export function launchBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  return endpoint ? chromium.connect(endpoint) : chromium.launch(BROWSER_OPTIONS);
}
