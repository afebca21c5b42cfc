import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../e2e/support/browser.js';
import { type Harness, npsSurvey, startHarness } from './harness.js';
import { CARD_PAINTED, cardPainted, traceTasks } from './trace.js';

/** A slow phone's CPU, as Lighthouse's mobile runs emulate it. */
const CPU_SLOWDOWN = 4;

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness();
  await h.addSurvey(npsSurvey('at-once', { type: 'page-view' }));
  h.pages.set('/', h.page());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** What the page saw of the card's first render (recorded by the init script below). */
interface Seen {
  /** long tasks (PerformanceObserver 'longtask'), from the page's start */
  long: { start: number; ms: number }[];
  /**
   * long animation frames (PerformanceObserver 'long-animation-frame', where the browser has it): a task
   * and the style, layout and paint of the frame it ends in, which 'longtask' leaves out
   */
  frames: { start: number; ms: number }[];
  /** when the UI chunk had arrived, the host element was on the page, and the card was rendered in it */
  chunk: number;
  host: number;
  card: number;
  /** the card was already in the host's shadow root when the host was inserted (one task for both) */
  cardWithHost: boolean;
  /** the host was inserted in the task that made its shadow root and styles (a timer set then had not run) */
  hostWithShadow: boolean;
  /** animations in the card's shadow root at the first frame after the card rendered (the frame that first lays it out) */
  firstFrameAnimations: number;
  /** style and layout reads (each may force a synchronous style or layout pass) from the host's insertion to the card's render */
  reads: string[];
}

describe('first render of the UI chunk', () => {
  it(`makes the shadow root and styles, inserts the host, then renders the card, each in a later task, without reading layout or animating the card's first frame (${CPU_SLOWDOWN}× slower CPU)`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen = {
        long: [],
        frames: [],
        chunk: 0,
        host: 0,
        card: 0,
        cardWithHost: false,
        hostWithShadow: true,
        firstFrameAnimations: -1,
        reads: [],
      } as Seen;
      let shadowTaskOver = false;
      (window as unknown as { tpSeen: Seen }).tpSeen = seen;
      for (const [type, list] of [
        ['longtask', seen.long],
        ['long-animation-frame', seen.frames],
      ] as const)
        if (PerformanceObserver.supportedEntryTypes.includes(type))
          new PerformanceObserver((entries) => {
            for (const e of entries.getEntries()) list.push({ start: e.startTime, ms: e.duration });
          }).observe({ type, buffered: true });
      // the widget's host, known from its shadow root; reads count while it is on the page and the card's
      // render task has not ended (a MutationObserver's callback runs at the end of the task that rendered)
      let host: Element | undefined;
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        if (root.host.localName == 'touchpoint-survey-root') {
          host = root.host;
          // runs before any task the widget queues from here on
          setTimeout(() => (shadowTaskOver = true));
          new MutationObserver((_, mo) => {
            if (!root.querySelector('[role=dialog]')) return;
            seen.card = performance.now();
            host = undefined;
            mo.disconnect();
            // (getAnimations brings the styles up to date, which that frame does right after anyway)
            requestAnimationFrame(() => (seen.firstFrameAnimations = root.getAnimations().length));
          }).observe(root, { childList: true, subtree: true });
        }
        return root;
      };
      new MutationObserver((_, mo) => {
        const el = document.querySelector('touchpoint-survey-root');
        if (!el) return;
        seen.host = performance.now();
        seen.cardWithHost = !!el.shadowRoot?.querySelector('[role=dialog]');
        seen.hostWithShadow = !shadowTaskOver;
        mo.disconnect();
      }).observe(document, { childList: true, subtree: true });
      const note = (what: string) => {
        if (host?.isConnected) seen.reads.push(what);
      };
      const style = window.getComputedStyle;
      window.getComputedStyle = function (el, pseudo) {
        note('getComputedStyle');
        return style.call(this, el, pseudo);
      };
      for (const name of ['getBoundingClientRect', 'getClientRects'] as const) {
        const f = Element.prototype[name] as (this: Element) => unknown;
        (Element.prototype as unknown as Record<string, unknown>)[name] = function (this: Element) {
          note(name);
          return f.call(this);
        };
      }
      const getters: [object, string[]][] = [
        [HTMLElement.prototype, ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft']],
        [Element.prototype, ['clientWidth', 'clientHeight', 'scrollWidth', 'scrollHeight', 'scrollTop']],
        [window, ['innerWidth', 'innerHeight']],
      ];
      for (const [proto, names] of getters)
        for (const name of names) {
          const d = Object.getOwnPropertyDescriptor(proto, name)!;
          Object.defineProperty(proto, name, {
            ...d,
            get() {
              note(name);
              return d.get!.call(this);
            },
          });
        }
    });
    // the page waits for the card itself, three frames past it (its first paint and whatever the render queued
    // after it): a Playwright locator would evaluate its injected script, a long task of its own, in the span
    await page.addInitScript(CARD_PAINTED);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // a trace as well: each task's thread CPU time, which the throttling and the machine's load stretch far less
    const traced = await traceTasks(browser, page, async () => {
      const painted = cardPainted(page);
      await page.goto(h.origin + '/');
      await painted;
    });
    const seen = await page.evaluate(() => {
      const s = (window as unknown as { tpSeen: Seen }).tpSeen;
      const chunk = performance
        .getEntriesByType('resource')
        .find((r) => r.name.includes('/widget/ui-')) as PerformanceResourceTiming;
      return { ...s, chunk: chunk.responseEnd };
    });
    // the card fades in after its first frame, and ends fully opaque (waited for: it is an animation)
    await page.waitForFunction(() => {
      const card = document.querySelector('touchpoint-survey-root')?.shadowRoot?.querySelector('[role=dialog]');
      return !!card && getComputedStyle(card).opacity == '1';
    });
    await context.close();
    // the UI's work begins once its chunk has arrived; the host page's own load comes before
    const after = seen.long.filter((t) => t.start + t.ms > seen.chunk);
    const at = (t: number) => {
      const task = after.find((l) => l.start <= t && t <= l.start + l.ms);
      return task ? `in a ${task.ms.toFixed(0)} ms task` : 'in a task under 50 ms';
    };
    const longest = Math.max(0, ...after.map((t) => t.ms));
    // the frames from the chunk's arrival to the card's first paint (the render's task and the frame it ends in)
    const frames = seen.frames.filter((f) => f.start + f.ms > seen.chunk);
    const longestFrame = Math.max(0, ...frames.map((f) => f.ms));
    console.log(
      `first render at ${CPU_SLOWDOWN}× CPU slowdown: host inserted ${at(seen.host)}, card rendered ${at(seen.card)}` +
        ` ${(seen.card - seen.host).toFixed(0)} ms later; long tasks after the UI chunk arrived:` +
        ` [${after.map((t) => t.ms.toFixed(0)).join(', ')}] ms, longest ${longest.toFixed(0)} ms;` +
        ` long animation frames: [${frames.map((f) => f.ms.toFixed(0)).join(', ')}] ms, longest ${longestFrame.toFixed(0)} ms`,
    );
    const top = traced.reduce((a, b) => (b.cpu > a.cpu ? b : a));
    console.log(
      `trace: longest task ${top.cpu.toFixed(1)} ms of thread CPU under the ${CPU_SLOWDOWN}× throttling (${top.wall.toFixed(0)} ms wall; the throttler inflates CPU time too),` +
        ` ${top.parts
          .filter(([, ms]) => ms >= 0.5)
          .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
          .join(', ')}; every task's CPU ms: [${traced
          .filter((t) => t.cpu >= 1)
          .map((t) => t.cpu.toFixed(1))
          .join(', ')}]`,
    );
    // the structure, not the wall clock (a loaded 2-core machine stretches every task): the shadow root and
    // its styles in one task, the empty host inserted in a later one, the card in a later one still, no style
    // or layout read forced in between, and the entrance animation left out of the card's first frame
    expect(seen.host, 'the host was inserted').toBeGreaterThan(0);
    expect(seen.card, 'the card was rendered').toBeGreaterThan(0);
    expect(seen.hostWithShadow, 'the host was inserted in the task that made its shadow root and styles').toBe(false);
    expect(seen.cardWithHost, 'the card rendered in the same task as the host').toBe(false);
    expect(seen.reads, 'style/layout reads from the host on the page to the card rendered').toEqual([]);
    expect(seen.firstFrameAnimations, 'animations running in the card’s first frame').toBe(0);
  });
});
