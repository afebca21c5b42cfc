import { randomUUID } from 'node:crypto';
import type { ResponseInput, SiteInput, SurveyInput, TouchpointInput } from '@touchpoint/shared';
import { admin, type TestCollector } from './collector.js';

/** The origin the test site allows. */
export const SHOP_ORIGIN = 'https://shop.example';

export const testSite: SiteInput = { key: 'shop', name: 'Test shop', origins: [SHOP_ORIGIN] };

export const testTouchpoints: TouchpointInput[] = [
  { id: 'checkout', name: 'Checkout page', kind: 'web' },
  { id: 'store-12', name: 'Store 12', kind: 'store' },
];

export const testSurvey: SurveyInput = {
  id: 'nps',
  name: 'Checkout NPS',
  touchpoint: 'checkout',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
    {
      id: 'why',
      type: 'text',
      text: { en: 'What went wrong?' },
      showIf: { question: 'nps', max: 6 },
    },
    {
      id: 'topic',
      type: 'single',
      text: { en: 'What was it about?' },
      choices: [
        { id: 'price', label: { en: 'Price' } },
        { id: 'staff', label: { en: 'Staff' } },
      ],
    },
  ],
  trigger: { type: 'exit-intent' },
};

/** Creates the test site, its touchpoints and its survey through the admin API. */
export async function seedCatalog(c: TestCollector): Promise<void> {
  const post = async (url: string, payload: unknown) => {
    const res = await c.app.inject({ method: 'POST', url, headers: admin(c.adminKey), payload: payload as object });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  };
  await post('/v1/admin/sites', testSite);
  for (const t of testTouchpoints) await post('/v1/admin/sites/shop/touchpoints', t);
  await post('/v1/admin/sites/shop/surveys', testSurvey);
}

/** A valid response to the test survey; override any field. */
export function aResponse(over: Partial<ResponseInput> = {}): ResponseInput {
  return {
    id: randomUUID(),
    site: 'shop',
    survey: 'nps',
    answers: { nps: 9 },
    createdAt: new Date().toISOString(),
    context: { channel: 'web', url: 'https://shop.example/checkout', trigger: 'exit-intent:desktop', vars: {} },
    ...over,
  };
}
