import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildServer, startupWarnings } from '../src/server.js';

/** A proxy in front of the collector, and addresses of clients behind it or reaching the collector directly. */
const PROXY = '10.0.0.7';
const CLIENT = '203.0.113.7';
const DIRECT_CLIENT = '198.51.100.9';

describe('TOUCHPOINT_TRUST_PROXY: the client address used for rate limits', () => {
  let app: FastifyInstance | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await app?.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A real collector with a route that answers the client address the rate limiter keys on (`req.ip`). */
  async function start(trustProxy: string, rateLimit = '0') {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-proxy-'));
    dirs.push(dir);
    app = await buildServer(
      loadConfig({
        TOUCHPOINT_DB: join(dir, 'touchpoint.db'),
        TOUCHPOINT_TRUST_PROXY: trustProxy,
        TOUCHPOINT_RATE_LIMIT: rateLimit,
        LOG_LEVEL: 'silent',
      }),
    );
    app.get('/test/client', (req) => ({ ip: req.ip }));
    await app.ready();
    return app;
  }
  const clientOf = async (from: string, forwardedFor?: string) =>
    (
      await app!.inject({
        url: '/test/client',
        remoteAddress: from,
        headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      })
    ).json<{ ip: string }>().ip;

  it('takes the client from X-Forwarded-For only when a listed proxy sent it', async () => {
    await start(`${PROXY}, 192.168.0.0/16`);
    expect(await clientOf(PROXY, CLIENT)).toBe(CLIENT);
    expect(await clientOf('192.168.4.2', CLIENT)).toBe(CLIENT);
    expect(await clientOf(DIRECT_CLIENT, CLIENT)).toBe(DIRECT_CLIENT);
  });

  it('keeps counting a client that spoofs X-Forwarded-For past a listed proxy against its own address', async () => {
    await start(PROXY, '2');
    const statuses: number[] = [];
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      const res = await app!.inject({
        url: '/test/client',
        remoteAddress: DIRECT_CLIENT,
        headers: { 'x-forwarded-for': spoofed },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 429]);
    // Clients behind the trusted proxy still get a bucket each.
    const behind = await app!.inject({
      url: '/test/client',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': CLIENT },
    });
    expect(behind.statusCode).toBe(200);
  });

  it('with a hop count, trusts only the nearest hops, so an address the client prepends is ignored', async () => {
    await start('1');
    expect(await clientOf(PROXY, `6.6.6.6, ${CLIENT}`)).toBe(CLIENT);
    await app!.close();
    await start('2');
    expect(await clientOf(PROXY, `6.6.6.6, ${CLIENT}, 10.0.0.1`)).toBe(CLIENT);
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    await start('false');
    expect(await clientOf(DIRECT_CLIENT, CLIENT)).toBe(DIRECT_CLIENT);
  });
});

describe('startupWarnings', () => {
  it('warns that TOUCHPOINT_TRUST_PROXY=true lets any client choose its address', () => {
    const warnings = startupWarnings(loadConfig({ TOUCHPOINT_TRUST_PROXY: 'true' }));
    expect(warnings).toEqual([expect.stringContaining('TOUCHPOINT_TRUST_PROXY=true trusts every hop')]);
    expect(startupWarnings(loadConfig({ TOUCHPOINT_TRUST_PROXY: '1' }))).toEqual([]);
  });

  it('warns when listening beyond loopback without TOUCHPOINT_PUBLIC_URL', () => {
    expect(startupWarnings(loadConfig({ HOST: '0.0.0.0' }))).toEqual([
      expect.stringContaining('listening on 0.0.0.0 without TOUCHPOINT_PUBLIC_URL'),
    ]);
    expect(startupWarnings(loadConfig({ HOST: '0.0.0.0', TOUCHPOINT_PUBLIC_URL: 'https://cx.example' }))).toEqual([]);
    for (const HOST of ['127.0.0.1', 'localhost', '::1']) expect(startupWarnings(loadConfig({ HOST }))).toEqual([]);
  });
});
