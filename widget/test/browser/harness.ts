import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { StoredResponse, SurveyInput } from '@touchpoint/shared';
import { startCollector, type TestCollector } from '../../../collector/test/helpers/collector.js';
import { adminClient } from './admin-client.js';

/** One page of the host site: its HTML and any extra response headers (a CSP, say). */
export interface HostPage {
  html: string;
  headers?: Record<string, string>;
}

/** A site on its own origin that embeds the built widget from a real collector. */
export interface Harness {
  collector: TestCollector;
  /** the host site's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** set the pages the host site serves, by path */
  pages: Map<string, HostPage>;
  /** the script tag that embeds the widget, with extra `data-*` or other attributes */
  embed(attrs?: string): string;
  /** a plain host page with the embed and a tall body */
  page(body?: string, attrs?: string, head?: string): HostPage;
  /** adds a survey to the site through the admin API */
  addSurvey(survey: SurveyInput): Promise<void>;
  /** the site's stored responses */
  responses(): Promise<StoredResponse[]>;
  /** polls the stored responses until `ok` accepts them (or times out) */
  waitForResponses(ok: (r: StoredResponse[]) => boolean, timeoutMs?: number): Promise<StoredResponse[]>;
  close(): Promise<void>;
}

/** Makes every host page scroll; its nonce is the one the CSP test page allows (no inline style attributes). */
const TALL = `<style nonce="abc">.tall { display: block !important; height: 4000px !important; }</style>`;

/** The test site's key. */
export const SITE = 'shop';

/** Starts a collector (serving widget/dist, which must be built) and a host site allowed to use it. */
export async function startHarness(): Promise<Harness> {
  const collector = await startCollector({ listen: true });
  const pages = new Map<string, HostPage>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path == '/favicon.ico') return void res.writeHead(204).end();
    const page = pages.get(path);
    if (!page) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = adminClient(collector, SITE);
  const inject = client.call;
  await inject('POST', '/v1/admin/sites', {
    key: SITE,
    name: 'Test shop',
    origins: [origin],
    settings: { cooldownHours: 0 },
  });
  await inject('POST', `/v1/admin/sites/${SITE}/touchpoints`, { id: 'web-shop', name: 'Web shop', kind: 'web' });

  // the site's loader, its rules inlined (the README's snippet)
  const embed = (attrs = '') =>
    `<script async src="${collector.url}/widget.js?site=${SITE}" data-site="${SITE}" ${attrs}></script>`;
  const h: Harness = {
    collector,
    origin,
    pages,
    embed,
    page: (body = '', attrs = '', head = '') => ({
      html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Shop</title>${TALL}${head}${embed(attrs)}</head>
<body><h1>Shop</h1><button id="host-button">Host button</button>${body}<div class="tall"></div></body></html>`,
    }),
    addSurvey: (survey) => inject('POST', `/v1/admin/sites/${SITE}/surveys`, survey),
    responses: client.responses,
    waitForResponses: client.waitForResponses,
    async close() {
      await new Promise((r) => server.close(r));
      await collector.close();
    },
  };
  return h;
}

/** An NPS survey with a detractor follow-up, opened by the given trigger. */
export function npsSurvey(id: string, trigger: SurveyInput['trigger'], over: Partial<SurveyInput> = {}): SurveyInput {
  return {
    id,
    name: `NPS ${id}`,
    touchpoint: 'web-shop',
    questions: [
      {
        id: 'nps',
        type: 'nps',
        text: { en: 'How likely are you to recommend us?', de: 'Wie wahrscheinlich empfehlen Sie uns?' },
        required: true,
      },
      { id: 'why', type: 'text', text: { en: 'What went wrong?' }, showIf: { question: 'nps', max: 6 } },
    ],
    trigger,
    display: { sampling: 100, recontactDays: 30, frequency: 'until-answered', position: 'bottom-right' },
    ...over,
  };
}

/**
 * Waits until the loader has run and taken over `window.touchpoint` (its rules came inlined, so the
 * config is in once the microtasks after that have run, before the next frame this polls on).
 */
export const loaderRan = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded === true);

/**
 * Notes each widget chunk that has run, by its `tp:ui` event (seen while capturing on the document):
 * call on the page or its context before the page opens, then wait with `chunkRan`.
 */
export const noteChunks = (target: Page | BrowserContext): Promise<unknown> =>
  target.addInitScript(() =>
    document.addEventListener(
      'tp:ui',
      (e) => {
        const w = window as { tpChunks?: string[] };
        (w.tpChunks ||= []).push((e.target as HTMLScriptElement).src);
      },
      true,
    ),
  );

/**
 * Waits until a chunk (`triggers`, `ui-en`…) has run and handed over what it carries, polling from the
 * test's side, so it works on a page whose clock is paused.
 */
export const chunkRan = (page: Page, name: string): Promise<void> =>
  expect
    .poll(() =>
      page.evaluate(
        (n) => !!(window as { tpChunks?: string[] }).tpChunks?.some((s) => s.includes(n)),
        `/widget/${name}-`,
      ),
    )
    .toBe(true);

/**
 * Whether the page has asked for a survey card: a survey that shows appends the UI chunk's script at
 * once (before the chunk arrives), so on a page whose clock was run past every trigger's delay, `false`
 * means no survey decided to show, without waiting for a card that might still come.
 */
export const uiAsked = (page: Page): Promise<boolean> =>
  page.evaluate(() => !!document.querySelector('script[src*="/widget/ui-"]'));

/** The survey card inside the widget's shadow root (Playwright's CSS engine pierces open shadow roots). */
export const CARD = 'touchpoint-survey-root [role=dialog]';

/** The command-queue stub a site pastes before the script tag, plus its first commands. */
export const stub = (commands = '') =>
  `<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)};${commands}</script>`;
