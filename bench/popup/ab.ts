/// <reference lib="dom" />
import { cpSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { BROWSER_OPTIONS } from '../../e2e/support/browser.js';
import { npsSurvey, startHarness } from '../../widget/test/browser/harness.js';
import { CARD_PAINTED, type TraceTask, cardPainted, traceTasks } from '../../widget/test/browser/trace.js';

/**
 * `pnpm bench:popup:ab`: builds of the popup's UI chunk compared in one run, the trace method of
 * `pnpm bench:popup` page load by page load, the builds taking turns (so a change in the machine's load
 * hits each alike). `BENCH_AB` names directories, each holding a variant of the `ui-en-<hash>.js` (and its
 * `.br`, `.gz`) that widget/dist serves, under the current build's name; each is copied into widget/dist in
 * turn (copy the current build back afterwards). `BENCH_THROTTLE` traces under CDP CPU throttling instead.
 * See bench/README.md.
 */

const DIRS = (process.env.BENCH_AB ?? '').split(' ').filter(Boolean);
if (!DIRS.length) throw new Error('BENCH_AB: directories of UI chunk variants, separated by spaces');
/** Page loads per variant. */
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 1);

/** A task's CPU ms spent in trace events of one name. */
const spent = (t: TraceTask, name: string) => t.parts.find(([n]) => n === name)?.[1] ?? 0;
/** The task that spent most in `name`'s events. */
const most = (tasks: TraceTask[], name: string) => tasks.reduce((a, b) => (spent(b, name) > spent(a, name) ? b : a));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);

const h = await startHarness();
await h.addSurvey(npsSurvey('bench', { type: 'page-view' }));
h.pages.set('/', h.page());
const browser = await chromium.launch(BROWSER_OPTIONS);
const dist = new URL('../../widget/dist/', import.meta.url).pathname;
/** per variant: the longest task, the render's (most script), the first frame's (most layout), the mount's (most microtasks) */
const seen = new Map(
  DIRS.map((d) => [
    d,
    { longest: [] as number[], render: [] as number[], frame: [] as number[], mount: [] as number[] },
  ]),
);
const startLoad = loadavg()[0]!.toFixed(1);
try {
  for (let i = 0; i < RUNS; i++)
    for (const dir of DIRS) {
      for (const f of readdirSync(dir)) cpSync(`${dir}/${f}`, dist + f);
      const page = await browser.newPage();
      await page.addInitScript(CARD_PAINTED);
      if (THROTTLE !== 1)
        await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      const tasks = await traceTasks(browser, page, async () => {
        const painted = cardPainted(page);
        await page.goto(h.origin + '/');
        await painted;
      });
      await page.close();
      const s = seen.get(dir)!;
      s.longest.push(Math.max(...tasks.map((t) => t.cpu)));
      s.render.push(most(tasks, 'FunctionCall').cpu);
      s.frame.push(most(tasks, 'Layout').cpu);
      s.mount.push(most(tasks, 'RunMicrotasks').cpu);
    }
} finally {
  await browser.close();
  await h.close();
}
console.log(
  `thread CPU ms, median of ${RUNS} page loads each (load average ${startLoad} → ${loadavg()[0]!.toFixed(1)}):`,
);
for (const [dir, s] of seen)
  console.log(
    `${dir}: longest ${median(s.longest)} [${s.longest.map((x) => x.toFixed(1)).join(' ')}], render task ` +
      `${median(s.render)}, first frame ${median(s.frame)}, mount task ${median(s.mount)}`,
  );
