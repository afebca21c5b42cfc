import type { StoredResponse } from '@touchpoint/shared';
import { admin, type TestCollector } from '../../../collector/test/helpers/collector.js';

/** How often a wait polls the collector for stored responses. */
const POLL_MS = 100;

/** The admin calls browser tests make against their collector, through `inject` (no network). */
export function adminClient(collector: TestCollector, site: string) {
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await collector.app.inject({ method, url, headers: admin(collector.adminKey), payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const responses = async (): Promise<StoredResponse[]> =>
    ((await call('GET', `/v1/admin/sites/${site}/responses?limit=500`)) as { items: StoredResponse[] }).items;
  return {
    call,
    responses,
    /** polls the stored responses until `ok` accepts them (or `timeoutMs` passes), then returns them */
    async waitForResponses(ok: (r: StoredResponse[]) => boolean, timeoutMs = 10_000): Promise<StoredResponse[]> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const items = await responses();
        if (ok(items) || Date.now() > until) return items;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
  };
}
