import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { CARD, type Harness, npsSurvey, startHarness, stub } from './harness.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('hostile', { type: 'page-view' }));
  for (const name of ['blocked', 'full', 'prototype']) {
    h.pages.set('/' + name, h.page(stub(`touchpoint('context', { storage: '${name}' });`)));
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Host pages whose storage or JSON the widget cannot trust, each set up before any script runs. */
const HOSTILE: Record<string, () => void> = {
  // Safari's private mode of old, a sandboxed or cross-site iframe with storage blocked
  blocked: () =>
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    }),
  // storage full: every write fails
  full: () => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  },
  // Prototype.js 1.6: toJSON on Array, Number and String, which JSON.stringify calls
  prototype: () => {
    const define = (proto: object, fn: (this: never) => string) =>
      Object.defineProperty(proto, 'toJSON', { value: fn, configurable: true, writable: true });
    define(Array.prototype, function (this: unknown[]) {
      return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']';
    });
    define(Number.prototype, function (this: number) {
      return String(this);
    });
    define(String.prototype, function (this: string) {
      return '"' + this + '"';
    });
  },
};

describe('storage that fails', () => {
  for (const name of Object.keys(HOSTILE)) {
    it(`shows the survey and delivers the answer once where storage is ${name}, with no error or output on the page`, async () => {
      const context = await browser.newContext();
      await context.addInitScript(HOSTILE[name]!);
      const page = await context.newPage();
      const noise: string[] = [];
      page.on('pageerror', (e) => noise.push(String(e)));
      page.on('console', (m) => noise.push(m.text()));
      await page.goto(`${h.origin}/${name}`);
      await page.locator(CARD).waitFor();
      await page.locator(`${CARD} input[value="8"]`).click();
      await page.locator(`${CARD} button[type=submit]`).click();
      await page.locator(`${CARD} [role=status]`).waitFor();
      const mine = (items: { vars: Record<string, unknown> | null; partial: boolean }[]) =>
        items.filter((x) => x.vars?.storage == name && !x.partial);
      const items = mine(await h.waitForResponses((r) => mine(r).length > 0));
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ survey: 'hostile', answers: { nps: 8 } });
      expect(noise).toEqual([]);
      await context.close();
    });
  }
});
