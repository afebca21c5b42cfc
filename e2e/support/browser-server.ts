import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { BROWSER_OPTIONS } from './browser.js';

/**
 * Global setup of the browser project: one headless Chromium for the whole run, which each test file
 * connects to (`launchBrowser`) instead of starting its own: a start costs ~1 s of CPU, about forty
 * times a run. Files stay apart all the same: each works in browser contexts of its own, and closing
 * its connection closes them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer(BROWSER_OPTIONS);
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
