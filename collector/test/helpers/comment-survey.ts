import { expect } from 'vitest';
import type { LogStream } from '../../src/lib/log-redaction.js';
import { admin, startCollector, type TestCollector } from './collector.js';
import { seedCatalog } from './fixtures.js';

/** The insights tests' survey at store 12: an NPS question and a free-text "Why?" (`comment`). */
export const COMMENT_SURVEY = {
  id: 'comment',
  name: 'Store NPS',
  touchpoint: 'store-12',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
    { id: 'comment', type: 'text', text: { en: 'Why?' } },
  ],
};

/** A collector with the test catalog and COMMENT_SURVEY (`logStream`: its log lines, as log-redaction.test.ts reads them). */
export async function startWithCommentSurvey(
  env?: Record<string, string>,
  logStream?: LogStream,
): Promise<TestCollector> {
  const c = await startCollector({ ...(env ? { env } : {}), ...(logStream ? { logStream } : {}) });
  await seedCatalog(c);
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/admin/sites/shop/surveys',
    headers: admin(),
    payload: COMMENT_SURVEY,
  });
  expect(res.statusCode, res.body).toBe(201);
  return c;
}
