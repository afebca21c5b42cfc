import type { SurveyInput } from '@touchpoint/shared';
import { admin, type TestCollector } from '../helpers/collector.js';

/** Environment of a collector whose delivery worker polls often and retries within milliseconds. */
export const fastOutbox = {
  TOUCHPOINT_OUTBOX_INTERVAL_MS: '20',
  TOUCHPOINT_OUTBOX_BACKOFF_MS: '40',
  TOUCHPOINT_DELIVERY_TIMEOUT_MS: '2000',
  // The test receivers listen on 127.0.0.1, which webhooks may not call otherwise.
  TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'true',
};

/** A survey at store 12 that asks for an e-mail address to be contacted at. */
export const contactSurvey: SurveyInput = {
  id: 'store-nps',
  name: 'Store NPS',
  touchpoint: 'store-12',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
    { id: 'email', type: 'contact', text: { en: 'May we contact you? Your e-mail:' } },
  ],
};

/** Sends an admin request through inject and returns status and parsed JSON. */
export async function adminCall<T = unknown>(
  c: TestCollector,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
): Promise<{ status: number; body: T }> {
  const res = await c.app.inject({ method, url, headers: admin(c.adminKey), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as T };
}

/** Posts responses through the public route and expects them stored. */
export async function postResponse(c: TestCollector, body: object): Promise<void> {
  const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: body });
  if (res.statusCode !== 200) throw new Error(`POST /v1/responses: ${res.statusCode} ${res.body}`);
}
