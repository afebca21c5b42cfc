import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { WHOLE_SCAN_BYTES } from '../../src/plugins/body-shape-scan.js';

/** Declared length of the hostile bodies: large, yet under both routes' body limits, so only the shape refuses them. */
const DECLARED_BYTES = 120_000;

/**
 * Starts a POST of `DECLARED_BYTES` over a real socket, sends only `head` and keeps the request open:
 * an answer can only come from a server that judged the body while it was arriving.
 */
function sendHead(url: string, path: string, head: string) {
  const req = request(`${url}${path}`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'text/plain', 'content-length': DECLARED_BYTES },
  });
  req.on('error', () => undefined); // the server closes while the client could still be writing
  req.write(head);
  return req;
}

async function readJson(res: IncomingMessage): Promise<{ code: string; message: string }> {
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) text += chunk as string;
  return JSON.parse(text) as { code: string; message: string };
}

describe('bounding a public body while it arrives', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector({ listen: true });
    await seedCatalog(c);
  });
  afterAll(() => c.close());

  const keys = Array.from({ length: 100 }, (_, i) => `"q${i}":1`).join(',');
  const longStrings = Array.from({ length: 4 }, (_, i) => `"p${i}":"${'x'.repeat(20_000)}"`).join(',');
  const cases = [
    {
      path: '/v1/responses',
      head: `{"answers":{${keys},`,
      status: 400,
      code: 'TP_ERR_VALIDATION',
      message: 'body.answers: more than 64 keys',
    },
    {
      path: '/v1/events',
      head: `{"props":${'['.repeat(100)}`,
      status: 400,
      code: 'TP_ERR_VALIDATION',
      message: 'nested deeper than',
    },
    { path: '/v1/responses', head: `{${longStrings},`, status: 413, code: 'TP_ERR_BODY_TOO_LARGE', message: '' },
  ];
  for (const t of cases) {
    it(`answers ${t.status} ${t.code} on ${t.path} before the client has sent the rest, then closes the connection`, async () => {
      const req = sendHead(c.url, t.path, t.head);
      const [res] = (await once(req, 'response')) as [IncomingMessage];
      const closed = once(req.socket as NonNullable<typeof req.socket>, 'close');
      expect(req.writableEnded).toBe(false);
      expect(res.statusCode).toBe(t.status);
      expect(res.headers.connection).toBe('close');
      const body = await readJson(res);
      expect(body.code).toBe(t.code);
      expect(body.message).toContain(t.message);
      // the rest of the body is not waited for: the server ends the connection
      req.write('1,'.repeat(10_000));
      await closed;
    });
  }

  it('refuses a small body (scanned whole once it is in) with the same 400 naming the path', async () => {
    const small = `{"answers":{${keys}}}`;
    expect(small.length).toBeLessThan(WHOLE_SCAN_BYTES);
    const res = await fetch(`${c.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: small,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; details: { path: string }[] };
    expect(body.code).toBe('TP_ERR_VALIDATION');
    expect(body.message).toBe('body.answers: more than 64 keys');
    expect(body.details).toEqual([{ path: 'body.answers', message: 'more than 64 keys' }]);
  });

  it('takes a valid body sent in 7-byte chunks, tokens split between them', async () => {
    // escapes and multi-byte characters cut between chunks
    const text = JSON.stringify({ responses: [aResponse({ answers: { nps: 9, why: 'ü "quoted" \\ '.repeat(20) } })] });
    const bytes = Buffer.from(text);
    const req = request(`${c.url}/v1/responses`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'text/plain', 'content-length': bytes.length },
    });
    for (let i = 0; i < bytes.length; i += 7) req.write(bytes.subarray(i, i + 7));
    req.end();
    const [answer] = (await once(req, 'response')) as [IncomingMessage];
    await readJson(answer);
    expect(answer.statusCode).toBe(200);
  });
});
