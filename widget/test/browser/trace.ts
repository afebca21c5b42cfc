/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/**
 * The popup's first render read from a Chrome trace: each main-thread task's thread CPU time (`tdur`),
 * which a busy machine stretches far less than the wall clock (a task waiting for a core is not
 * charged). Used by `pnpm bench:popup` and the first-render test; neither asserts a figure.
 */

/** Top-level tasks, the timeline's events inside them, script runs and user-timing marks. */
const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  // more to dig with (e.g. `blink,fonts,v8,disabled-by-default-v8.compile`)
  ...(process.env.BENCH_TRACE_CATEGORIES ?? '').split(',').filter(Boolean),
];

/** The user-timing mark the page sets three frames after the card is in (see `CARD_PAINTED`). */
const DONE = 'tp-card-painted';

/** One event of Chrome's trace event format (times in µs). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { url?: string; requestId?: string } };
}

/** One main-thread task between the UI chunk's arrival and three frames after the card is in. */
export interface TraceTask {
  /** ms after the UI chunk arrived */
  at: number;
  /** wall-clock ms */
  wall: number;
  /** thread CPU ms */
  cpu: number;
  /** where its CPU time went: the events inside it by their own (self) CPU ms, largest first */
  parts: [string, number][];
}

/**
 * An init script (`page.addInitScript`): once the widget's card is in its shadow root, waits three frames
 * (its first, transparent one; the one its fade-in and scale start in; the one after the focus or
 * announcement task) and a task, then sets the `tp-card-painted` mark and says so on the console. The page
 * itself waits and the driver only listens, so no test-driver script runs inside the span measured: neither
 * Playwright's injected selector engine (a ~20 ms evaluation) nor the utility script any `page.evaluate`
 * first injects (2–3 ms of CPU, reading `Temporal`, which V8 then builds).
 */
export const CARD_PAINTED = (): void => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (root.host.localName == 'touchpoint-survey-root')
      new MutationObserver((_, mo) => {
        if (!root.querySelector('[role=dialog]')) return;
        mo.disconnect();
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => setTimeout(() => console.debug(performance.mark('tp-card-painted').name))),
          ),
        );
      }).observe(root, { childList: true, subtree: true });
    return root;
  };
};

/**
 * Resolves once the card's first paint is marked (`CARD_PAINTED` must be an init script of the page); call it
 * before the navigation that shows the card, which it listens for.
 */
export const cardPainted = (page: Page): Promise<unknown> =>
  page.waitForEvent('console', { predicate: (m) => m.text() == DONE });

/** Records a trace of the browser while `run` goes (a page load showing the card) and returns its tasks. */
export async function traceTasks(browser: Browser, page: Page, run: () => Promise<unknown>): Promise<TraceTask[]> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let trace: Buffer;
  try {
    await run();
  } finally {
    trace = await browser.stopTracing();
  }
  // the whole trace, for chrome://tracing or DevTools' Performance panel
  if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, trace);
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return uiTasks(Array.isArray(parsed) ? parsed : parsed.traceEvents);
}

/** A µs span in the trace. */
const end = (e: TraceEvent): number => e.ts + (e.dur ?? 0);

/**
 * The tasks of the renderer main thread that evaluated the UI chunk, from the chunk's arrival (its
 * `ResourceFinish`) to the `tp-card-painted` mark, with each one's CPU time broken down by event.
 */
export function uiTasks(events: TraceEvent[]): TraceTask[] {
  const isUi = (e: TraceEvent) => /\/widget\/ui-/.test(e.args?.data?.url ?? '');
  const evaluated = events.find((e) => e.name == 'EvaluateScript' && isUi(e));
  if (!evaluated) throw new Error('the trace has no evaluation of the UI chunk');
  const { pid, tid } = evaluated;
  const sent = events.find((e) => e.name == 'ResourceSendRequest' && isUi(e));
  const finished = events.find(
    (e) => e.name == 'ResourceFinish' && e.args?.data?.requestId == sent?.args?.data?.requestId,
  );
  const from = finished?.ts ?? evaluated.ts;
  const done = events.find((e) => e.name == DONE && e.pid == pid);
  if (!done) throw new Error(`the trace has no ${DONE} mark`);
  // complete events of that thread, outer before inner
  const thread = events
    .filter((e) => e.pid == pid && e.tid == tid && e.ph == 'X' && e.dur != null)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = thread.filter((e) => e.name == 'ThreadControllerImpl::RunTask' && end(e) > from && e.ts < done.ts);
  return tasks.map((task) => {
    const inside = thread.filter((e) => e != task && e.ts >= task.ts && end(e) <= end(task));
    return {
      at: (task.ts - from) / 1000,
      wall: task.dur! / 1000,
      cpu: (task.tdur ?? 0) / 1000,
      parts: selfTimes(task, inside),
    };
  });
}

/** Each event's own CPU time (its `tdur` less its direct children's), summed by name, in ms, largest first. */
function selfTimes(task: TraceEvent, inside: TraceEvent[]): [string, number][] {
  const self = new Map<string, number>();
  // a stack walk over the events in start order (outer first): each event's CPU is charged to itself and
  // taken off its parent's
  const stack: TraceEvent[] = [task];
  const own = new Map<TraceEvent, number>([[task, task.tdur ?? 0]]);
  for (const e of inside) {
    // sorted by start, so the top encloses e unless it ends first
    while (stack.length > 1 && end(stack.at(-1)!) < end(e)) stack.pop();
    const parent = stack.at(-1)!;
    own.set(parent, own.get(parent)! - (e.tdur ?? 0));
    own.set(e, e.tdur ?? 0);
    stack.push(e);
  }
  for (const [e, ms] of own) self.set(e.name, (self.get(e.name) ?? 0) + ms / 1000);
  return [...self].sort((a, b) => b[1] - a[1]);
}
