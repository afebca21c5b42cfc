import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from './helpers/collector.js';

/** Opens a raw TCP connection to the collector and collects what it answers until the socket closes. */
async function open(url: string): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed };
}

/** Resolves once `text` has arrived on the connection. */
const answered = (socket: Socket, received: () => string, text: string) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (received().includes(text)) {
        socket.off('data', check);
        resolve();
      }
    };
    socket.on('data', check);
    check();
  });

describe('the server shell', () => {
  let c: TestCollector | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('cuts off a client that trickles its body slower than the request timeout', async () => {
    c = await startCollector({
      listen: true,
      env: { TOUCHPOINT_REQUEST_TIMEOUT_MS: '300', TOUCHPOINT_HEADERS_TIMEOUT_MS: '200' },
    });
    const conn = await open(c.url);
    conn.socket.write(
      'POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    // Nothing more is sent: the server must end the request on its own.
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(conn.received()).toContain('"code":"TP_ERR_REQUEST_TIMEOUT"');
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    c = await startCollector({ listen: true, env: { TOUCHPOINT_KEEP_ALIVE_TIMEOUT_MS: '200' } });
    const conn = await open(c.url);
    conn.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered(conn.socket, conn.received, '"ok":true');
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses a client more open connections than the cap, and keeps serving the ones it has', async () => {
    c = await startCollector({ listen: true, env: { TOUCHPOINT_MAX_CONNECTIONS_PER_CLIENT: '2' } });
    const first = await open(c.url);
    const second = await open(c.url);
    const third = await open(c.url);
    await third.closed;
    expect(third.received()).toBe('');
    first.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered(first.socket, first.received, '"ok":true');
    expect(first.received()).toMatch(/^HTTP\/1\.1 200/);
    first.socket.destroy();
    second.socket.destroy();
    // Once the server has seen those close, the client may connect again.
    const server = c.app.server;
    const openOnServer = () => new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
    while ((await openOnServer()) > 0) await new Promise((resolve) => setImmediate(resolve));
    const again = await open(c.url);
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await again.closed;
    expect(again.received()).toMatch(/^HTTP\/1\.1 200/);
  });
});
