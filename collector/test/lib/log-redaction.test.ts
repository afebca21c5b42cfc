import { afterEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** The collector's log lines, parsed, as its logger wrote them. */
function captureLog(): { lines: Record<string, unknown>[]; write(line: string): void } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe('request logs', () => {
  let c: TestCollector | undefined;
  afterEach(() => c?.close());

  const eraseWithLog = async (env: Record<string, string> = {}) => {
    const log = captureLog();
    c = await startCollector({ env: { LOG_LEVEL: 'info', ...env }, logStream: log });
    await seedCatalog(c);
    const address = 'Log.Person@Example.com';
    await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { responses: [aResponse({ respondent: { email: address } })] },
    });
    const res = await c.app.inject({
      method: 'DELETE',
      url: `/v1/admin/sites/shop/respondents/${encodeURIComponent(address)}?why=${address}`,
      headers: admin(),
    });
    expect(res.json()).toMatchObject({ responses: 1 });
    return { log, text: log.lines.map((l) => JSON.stringify(l)).join('\n') };
  };

  it('never show the address of an erasure, only the redacted path', async () => {
    const { log, text } = await eraseWithLog();
    const urls = log.lines.map((l) => (l.req as { url?: string } | undefined)?.url).filter(Boolean);
    expect(urls).toContain('/v1/admin/sites/shop/respondents/[redacted]');
    expect(text.toLowerCase()).not.toContain('log.person');
    expect(text.toLowerCase()).not.toContain('log.person%40example.com');
  });

  it('leave out the client IP address by default and show it when TOUCHPOINT_LOG_IP is set', async () => {
    const { log } = await eraseWithLog();
    const requests = log.lines.map((l) => l.req as Record<string, unknown> | undefined).filter(Boolean);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r && !('remoteAddress' in r))).toBe(true);
    expect(JSON.stringify(log.lines)).not.toContain('127.0.0.1');
    await c?.close();
    c = undefined;

    const withIp = await eraseWithLog({ TOUCHPOINT_LOG_IP: 'true' });
    const shown = withIp.log.lines.map((l) => l.req as Record<string, unknown> | undefined).filter(Boolean);
    expect(shown[0]).toHaveProperty('remoteAddress', '127.0.0.1');
  });
});
