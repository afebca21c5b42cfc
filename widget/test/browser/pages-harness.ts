import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { StoredResponse, SurveyInput, TouchpointInput } from '@touchpoint/shared';
import type { Page } from 'playwright-core';
import { startCollector, type TestCollector } from '../../../collector/test/helpers/collector.js';
import { adminClient } from './admin-client.js';

/** The test site's key. */
export const SITE = 'shop';

/**
 * A switchable network in front of the collector: a plain HTTP proxy that, when down, drops every
 * connection. Playwright's `setOffline` does not reach a service worker's own fetches
 * (microsoft/playwright#2311), so the kiosk's offline reload needs a network that is really gone.
 */
export interface Network {
  /** the origin the browser uses (the proxy), e.g. http://127.0.0.1:41234 */
  origin: string;
  setDown(down: boolean): void;
  close(): Promise<void>;
}

async function startNetwork(target: string): Promise<Network> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((req, res) => {
    if (down) return void req.socket.destroy();
    const up = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDown(d) {
      down = d;
      if (d) for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A real collector (serving the built widget) behind a switchable network, with a site to fill. */
export interface PagesHarness {
  collector: TestCollector;
  net: Network;
  /** the browser's origin for the collector's pages (through the network) */
  origin: string;
  addTouchpoint(t: TouchpointInput): Promise<void>;
  addSurvey(s: SurveyInput): Promise<void>;
  responses(): Promise<StoredResponse[]>;
  /** polls the stored responses until `ok` accepts them (or times out), then returns them */
  waitForResponses(ok: (r: StoredResponse[]) => boolean, timeoutMs?: number): Promise<StoredResponse[]>;
  close(): Promise<void>;
}

export async function startPagesHarness(): Promise<PagesHarness> {
  const collector = await startCollector({ listen: true });
  const net = await startNetwork(collector.url);
  const client = adminClient(collector, SITE);
  const inject = client.call;
  await inject('POST', '/v1/admin/sites', { key: SITE, name: 'Test shop', origins: [] });
  const h: PagesHarness = {
    collector,
    net,
    origin: net.origin,
    addTouchpoint: (t) => inject('POST', `/v1/admin/sites/${SITE}/touchpoints`, t),
    addSurvey: (s) => inject('POST', `/v1/admin/sites/${SITE}/surveys`, s),
    responses: client.responses,
    waitForResponses: client.waitForResponses,
    async close() {
      await net.close();
      await collector.close();
    },
  };
  return h;
}

/** A kiosk survey like the demo's: smiley first, a follow-up for unhappy faces, "did you buy today?". */
export function kioskSurvey(id: string, touchpoint: string, over: Partial<SurveyInput> = {}): SurveyInput {
  return {
    id,
    name: `Kiosk ${id}`,
    touchpoint,
    questions: [
      { id: 'smiley', type: 'smiley', text: { en: 'How was your visit today?' }, required: true },
      { id: 'why', type: 'text', text: { en: 'What went wrong?' }, showIf: { question: 'smiley', max: 2 } },
      {
        id: 'bought',
        type: 'single',
        text: { en: 'Did you buy something today?' },
        choices: [
          { id: 'yes', label: { en: 'Yes' } },
          { id: 'no', label: { en: 'No' } },
        ],
      },
    ],
    thankYou: { en: 'Thank you, have a nice day!' },
    ...over,
  };
}

/** The widget's shadow root content (Playwright's CSS engine pierces open shadow roots). */
export const ROOT = 'touchpoint-survey-root';
/** The legend of the question on screen. */
export const LEGEND = `${ROOT} legend, ${ROOT} label.l`;
/** The thank-you note. */
export const THANKS = `${ROOT} [role=status]`;

/**
 * The text of the next thank-you note, seen by a mutation observer in the page. Call it before the tap that
 * ends the survey: a kiosk's thank-you lasts a fraction of a second, which a round trip to the test on a loaded
 * machine can outlast. Resolves at once if a note is on screen.
 */
export function watchThanks(page: Page): Promise<string> {
  return page.evaluate(
    (root) =>
      new Promise<string>((resolve) => {
        const shadow = document.querySelector(root)!.shadowRoot!;
        const check = () => {
          const note = shadow.querySelector('[role=status]');
          if (note) resolve(note.textContent ?? '');
          return note !== null;
        };
        if (check()) return;
        const observer = new MutationObserver(() => check() && observer.disconnect());
        observer.observe(shadow, { childList: true, subtree: true, characterData: true });
      }),
    ROOT,
  );
}

/** What the kiosk's IndexedDB queue holds (read in the page). */
export interface QueuedItem {
  id: string;
  v: number;
  b: { id: string; answers: Record<string, unknown>; partial: boolean; context: Record<string, unknown> };
}

/** Reads the kiosk's IndexedDB: the queue and its remembered values. */
export function readKioskDb(page: Page): Promise<{ queue: QueuedItem[]; kiosk: string | undefined }> {
  return page.evaluate(async () => {
    // opening a database that does not exist yet would create it without the kiosk's stores
    if (!(await indexedDB.databases()).some((d) => d.name == 'touchpoint-kiosk'))
      return { queue: [], kiosk: undefined };
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('touchpoint-kiosk');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('q')) return resolve({ queue: [], kiosk: undefined });
        const tx = db.transaction(['q', 'kv']);
        const all = tx.objectStore('q').getAll();
        const kiosk = tx.objectStore('kv').get('kiosk');
        tx.oncomplete = () => {
          db.close();
          resolve({ queue: all.result, kiosk: kiosk.result });
        };
      };
    });
  });
}
