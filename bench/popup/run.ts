/// <reference lib="dom" />
import { loadavg } from 'node:os';
import { type Browser, chromium } from 'playwright-core';
import { BROWSER_OPTIONS } from '../../e2e/support/browser.js';
import { npsSurvey, startHarness } from '../../widget/test/browser/harness.js';
import { CARD_PAINTED, type TraceTask, cardPainted, traceTasks } from '../../widget/test/browser/trace.js';

/**
 * `pnpm bench:popup`: whether the popup's UI chunk and first render block the visitor's page, from the
 * chunk's arrival until three frames after the card is in. Two methods, a fresh page per run:
 * 1. trace (load-independent): a Chrome trace without throttling; each main-thread task's thread CPU
 *    time, and the longest × the slowdown as the "throttled equivalent";
 * 2. throttled (wall clock): the CPU slowed down (`Emulation.setCPUThrottlingRate`) and the longest
 *    task from a `longtask` PerformanceObserver, which a loaded machine stretches.
 * Needs the built widget (`pnpm run build`). See bench/README.md.
 */

/** Chrome DevTools' "4× slowdown", the usual stand-in for a mid-range phone. */
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 4);
/** Page loads measured per method; the median and the worst are reported. */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** `trace`, `throttled` or both (the default). */
const METHOD = process.env.BENCH_METHOD ?? 'both';
/** A task longer than this blocks input noticeably (the Long Tasks API's own threshold, ms). */
const LONG_TASK_MS = 50;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(1);

/** Method 1: the longest task's thread CPU time, from a trace of an unthrottled page load. */
async function traced(browser: Browser, origin: string): Promise<TraceTask[]> {
  const page = await browser.newPage();
  await page.addInitScript(CARD_PAINTED);
  const tasks = await traceTasks(browser, page, async () => {
    const painted = cardPainted(page);
    await page.goto(origin + '/');
    await painted;
  });
  await page.close();
  return tasks;
}

/** Method 2: the longest task (wall clock, Long Tasks API) on a throttled CPU. */
async function throttled(browser: Browser, origin: string): Promise<number> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.addInitScript(CARD_PAINTED);
  await page.addInitScript(() => {
    const w = window as unknown as { tasks: [number, number][] };
    w.tasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.tasks.push([e.startTime, e.duration]))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
  // the page waits for the card itself: a Playwright locator would evaluate its injected script (a long
  // task of its own at 4×) inside the span measured
  const painted = cardPainted(page);
  await page.goto(origin + '/');
  await painted;
  const longest = await page.evaluate(() => {
    const chunk = performance
      .getEntriesByType('resource')
      .find((e) => /\/widget\/ui-/.test(e.name)) as PerformanceResourceTiming;
    const tasks = (window as unknown as { tasks: [number, number][] }).tasks;
    return Math.max(0, ...tasks.filter(([start, d]) => start + d >= chunk.responseEnd).map(([, d]) => d));
  });
  await page.close();
  return longest;
}

const h = await startHarness();
await h.addSurvey(npsSurvey('bench', { type: 'page-view' }));
h.pages.set('/', h.page());
const browser = await chromium.launch(BROWSER_OPTIONS);
const load = () => loadavg()[0]!.toFixed(1);
try {
  if (METHOD !== 'throttled') {
    const startLoad = load();
    const runs: TraceTask[][] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await traced(browser, h.origin));
    const longest = runs.map((tasks) => tasks.reduce((a, b) => (b.cpu > a.cpu ? b : a)));
    const cpu = longest.map((t) => t.cpu);
    const med = median(cpu);
    console.log(
      `1. trace, no throttling, ${RUNS} page loads (load average ${startLoad} → ${load()}): longest task ` +
        `${ms(med)} ms CPU median (${ms(Math.min(...cpu))}–${ms(Math.max(...cpu))}), ` +
        `${THROTTLE}×-throttled equivalent ${ms(med * THROTTLE)} ms (worst ${ms(Math.max(...cpu) * THROTTLE)}); ` +
        `runs over ${LONG_TASK_MS} ms equivalent: ${cpu.filter((c) => c * THROTTLE > LONG_TASK_MS).length}/${RUNS}`,
    );
    console.log(
      '   longest task per run, CPU ms (wall ms):',
      longest.map((t) => `${ms(t.cpu)} (${ms(t.wall)})`).join(' '),
    );
    // the median run's tasks over 2 ms of CPU, and what the longest one did
    const mid = runs[cpu.indexOf(med)]!;
    console.log(
      '   median run, tasks over 2 ms CPU (ms after the chunk arrived: CPU ms):',
      mid
        .filter((t) => t.cpu > 2)
        .map((t) => `${ms(t.at)}: ${ms(t.cpu)}`)
        .join(', '),
    );
    for (const t of mid.filter((t) => t.cpu > 2))
      console.log(
        `   ${ms(t.at)} ms: ${t.parts
          .filter(([, c]) => c >= 0.1)
          .map(([n, c]) => `${n} ${ms(c)}`)
          .join(', ')}`,
      );
  }
  if (METHOD !== 'trace') {
    const startLoad = load();
    const longest: number[] = [];
    for (let i = 0; i < RUNS; i++) longest.push(await throttled(browser, h.origin));
    console.log(
      `2. throttled, CPU ${THROTTLE}× slower, wall clock, ${RUNS} page loads (load average ${startLoad} → ${load()}): ` +
        `longest task median ${longest.length ? median(longest).toFixed(0) : '-'} ms, worst ${Math.max(...longest).toFixed(0)} ms; ` +
        `runs with a long task (> ${LONG_TASK_MS} ms): ${longest.filter((l) => l > 0).length}/${RUNS}`,
    );
    console.log('   longest task per run (ms, 0: none over 50):', longest.map((l) => l.toFixed(0)).join(' '));
  }
} finally {
  await browser.close();
  await h.close();
}
