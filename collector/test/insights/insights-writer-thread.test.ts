import { afterEach, beforeEach, expect, it } from 'vitest';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';

// With the SQLite writer thread (TOUCHPOINT_WRITER=thread, the default from two cores), responses commit on
// the thread's connection while the insight worker records its analyses. Before, it recorded them on the
// main thread's connection: a transaction that read (the theme rules) before it wrote found its snapshot
// stale whenever the thread had committed meanwhile (SQLITE_BUSY_SNAPSHOT), so under steady ingest almost
// no batch was ever recorded (bench:ingest: 600 of 118,478 responses analysed after 13 s).

let c: TestCollector;
beforeEach(async () => {
  c = await startWithCommentSurvey({ TOUCHPOINT_WRITER: 'thread', TOUCHPOINT_INSIGHTS_WORKER: 'inline' });
});
afterEach(() => c.close());

const comment = (nps: number) =>
  aResponse({ survey: 'comment', answers: { nps, comment: 'The queue at the checkout was far too long.' } });

it('records analyses while the writer thread commits responses without a pause', async () => {
  let sent = 0;
  let stop = false;
  // Ingest that never lets up: a new commit is on its way whenever the insight worker records.
  const ingest = (async () => {
    while (!stop) {
      const batch = Array.from({ length: 20 }, (_, i) => comment(i % 11));
      const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: batch } });
      expect(res.statusCode, res.body).toBe(200);
      sent += batch.length;
    }
  })();
  let analysed = 0;
  try {
    while (sent < 600) await new Promise((resolve) => setTimeout(resolve, 10));
    // Each drain records batch after batch while the ingest above keeps committing.
    for (let round = 0; round < 5; round++) analysed += await c.app.insights!.drain();
  } finally {
    stop = true;
    await ingest;
  }
  expect(analysed).toBeGreaterThanOrEqual(600);
  analysed += await c.app.insights!.drain();
  expect(analysed).toBe(sent);
  const res = await c.app.inject({ url: '/v1/admin/sites/shop/insights/themes', headers: admin() });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ responses: sent, withText: sent });
});
