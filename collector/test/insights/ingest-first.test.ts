import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_BACKLOG, MAX_YIELD_MS, yieldToIngest } from '../../src/insights/ingest-first.js';
import { GroupCommit } from '../../src/store/group-commit.js';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';

/** A clock that moves only when the waiting code sleeps. */
function fakeTime(backlogAt: (t: number) => number, stopAt = Infinity) {
  let t = 1000;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    backlog: () => backlogAt(t),
    stopped: () => t >= stopAt,
  };
}

describe('yieldToIngest', () => {
  it('does not wait while ingest keeps up', async () => {
    expect(
      await yieldToIngest(
        1000,
        fakeTime(() => BUSY_BACKLOG - 1),
      ),
    ).toBe(0);
  });

  it('waits while commits queue, but no longer than MAX_YIELD_MS after the last batch', async () => {
    expect(
      await yieldToIngest(
        1000,
        fakeTime(() => 100),
      ),
    ).toBe(MAX_YIELD_MS);
    // the last batch ended 1.5 s ago: half a second left
    expect(
      await yieldToIngest(
        1000 - 1500,
        fakeTime(() => 100),
      ),
    ).toBe(MAX_YIELD_MS - 1500);
  });

  it('goes on as soon as the backlog eases, or the collector closes', async () => {
    expect(
      await yieldToIngest(
        1000,
        fakeTime((t) => (t < 1300 ? 100 : 3)),
      ),
    ).toBe(300);
    expect(
      await yieldToIngest(
        1000,
        fakeTime(() => 100, 1200),
      ),
    ).toBe(200);
  });
});

describe('GroupCommit.backlog', () => {
  it('rises while callers wait for their commit and falls once they are answered', async () => {
    let release: () => void = () => undefined;
    const gc = new GroupCommit<number, null>(
      (groups) => new Promise((resolve) => (release = () => resolve(groups.map(() => null)))),
      0,
      1000,
      1,
    );
    expect(gc.backlog()).toBe(0);
    const waiting = Array.from({ length: 40 }, (_, i) => gc.submit([i]));
    await new Promise((resolve) => setTimeout(resolve, 600));
    // 40 callers for 600 ms, time constant 500 ms: 40 × (1 − e^−1.2) ≈ 28
    expect(gc.backlog()).toBeGreaterThan(25);
    release();
    await Promise.all(waiting);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(gc.backlog()).toBeLessThan(5);
    await gc.close();
  });
});

describe('the insight worker under load (SQLite, analyses on their thread)', () => {
  let c: TestCollector | undefined;
  afterEach(() => c?.close());

  it('analyses one batch every 2 s while ingest is behind, and the rest once it eases', async () => {
    const lines: { msg?: string; seconds?: number; analysed?: number }[] = [];
    const log = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
    c = await startWithCommentSurvey({ TOUCHPOINT_INSIGHTS_WORKER: 'thread', LOG_LEVEL: 'info' }, log);
    const app = c.app;
    // The load signal is set by hand: a real backlog needs a saturated collector (bench:ingest measures one,
    // and how long the analyses then take to catch up). Everything else is the real worker and store.
    let backlog = 100;
    app.store.ingestBacklog = () => backlog;
    for (let i = 0; i < 9; i++) {
      const batch = Array.from({ length: 50 }, (_, j) =>
        aResponse({
          survey: 'comment',
          answers: { nps: (i + j) % 11, comment: 'The queue at the checkout was far too long.' },
        }),
      );
      const res = await app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: batch } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const analysed = async () => {
      const res = await app.inject({ url: '/v1/admin/sites/shop/insights/themes', headers: admin() });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { responses: number }).responses;
    };
    const until = async (ok: (n: number) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const n = await analysed();
        if (ok(n) || Date.now() > deadline) return n;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // The timer's first run (after 2 s) waits up to 2 s more, then analyses one batch of 200.
    expect(await until((n) => n > 0, 6000)).toBe(200);
    // Without the pacing the rest would follow at once; here the next batch waits 2 s.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await analysed()).toBe(200);
    backlog = 0;
    expect(await until((n) => n === 450, 3000)).toBe(450);
    // The operator is told once when the analyses start to wait, and once when they have caught up.
    const said = (text: string) => lines.filter((l) => l.msg?.startsWith(text));
    expect(said('ingest is behind')).toHaveLength(1);
    await expect.poll(() => said('verbatim analyses caught up').length, { timeout: 3000 }).toBe(1);
    expect(said('verbatim analyses caught up')[0]).toMatchObject({ analysed: 450 });
  });
});
