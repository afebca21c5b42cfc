import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** One call the receiver answered. */
export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  body: string;
  /** the status it answered with */
  status: number;
}

/** A real HTTP receiver on 127.0.0.1 that answers 500 to its first `failFirst` calls, then 200. */
export interface WebhookReceiver {
  url: string;
  port: number;
  calls: ReceivedCall[];
  /** calls answered 2xx */
  accepted(): ReceivedCall[];
  close(): Promise<void>;
}

/** Starts the receiver, on `port` when given (to come back at the same address after a restart). */
export async function startWebhookReceiver(opts: { failFirst?: number; port?: number } = {}): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  let failuresLeft = opts.failFirst ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failuresLeft > 0 ? 500 : 200;
      if (failuresLeft > 0) failuresLeft--;
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is failing');
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    calls,
    accepted: () => calls.filter((c) => c.status === 200),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` until it returns true, or fails after `timeoutMs` with `what`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
