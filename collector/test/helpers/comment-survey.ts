import { expect } from 'vitest';
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

/** A collector with the test catalog and COMMENT_SURVEY. */
export async function startWithCommentSurvey(env?: Record<string, string>): Promise<TestCollector> {
  const c = await startCollector(env ? { env } : {});
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
