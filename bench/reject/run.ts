import { Agent, request } from 'node:http';
import { startCollector } from '../../collector/test/helpers/collector.js';
import { aResponse, seedCatalog } from '../../collector/test/helpers/fixtures.js';

/**
 * `pnpm bench:reject`: the collector's CPU per request for a valid body and for each kind of bad body, so
 * a hostile body's cost can be compared with an honest one (the target: any rejection < 5× a valid single
 * response). Over a real socket by default (BENCH_REJECT_TRANSPORT=socket: the collector listens on 127.0.0.1,
 * a keep-alive client in the same process sends), so a body's receipt counts as it does for a real client;
 * `inject` runs in-process through `app.inject` instead, whose own copies of the payload then dominate the
 * large bodies. The figures are the collector's receipt, parse, bound checks, validation and, for the
 * valid bodies, the durable write (plus the client's sending, alike for every case); see bench/README.md.
 */

/** CPU milliseconds each case runs for (BENCH_REJECT_MS); the first fifth is warm-up, not counted. */
const CASE_MS = Number(process.env.BENCH_REJECT_MS ?? 1500);
/** Requests in flight at once (BENCH_REJECT_WAVE). */
const WAVE = Number(process.env.BENCH_REJECT_WAVE ?? 20);
/** `socket` (a real client) or `inject` (in-process, no sockets). */
const TRANSPORT = process.env.BENCH_REJECT_TRANSPORT === 'inject' ? 'inject' : 'socket';
/** BENCH_REJECT_CASES=1,2: only these cases (1-based), e.g. the valid beacon alone. */
const ONLY = process.env.BENCH_REJECT_CASES?.split(',').map(Number);
/** A survey answer with a short comment, as the widget sends it. */
const single = () => aResponse({ answers: { nps: 9, why: 'Quick delivery, friendly support.' } });

interface Case {
  name: string;
  /** builds the body (a string is sent as it is) */
  body: () => unknown;
  /** the status the case must get */
  status: number;
}

const manyKeys = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`q${i}`, 1]));
const CASES: Case[] = [
  { name: 'valid: one response (beacon)', body: single, status: 200 },
  {
    name: 'valid: batch of 100 responses',
    body: () => ({ responses: Array.from({ length: 100 }, single) }),
    status: 200,
  },
  {
    name: 'valid: batch of 100, 5,000-char comments',
    body: () => ({
      responses: Array.from({ length: 100 }, () => aResponse({ answers: { nps: 3, why: 'w'.repeat(5000) } })),
    }),
    status: 200,
  },
  {
    name: 'bad: 60,000 answer keys (649 KB)',
    body: () => JSON.stringify(aResponse({ answers: manyKeys })),
    status: 400,
  },
  {
    name: 'bad: arrays nested 100,000 deep',
    body: () => `{"context":{"vars":{"v":${'['.repeat(1e5)}${']'.repeat(1e5)}}}}`,
    status: 400,
  },
  {
    name: 'bad: 50,000-item choice answer',
    body: () => JSON.stringify(aResponse({ answers: { topic: Array(5e4).fill('a') } })),
    status: 400,
  },
  {
    name: 'bad: 900 KB string',
    body: () => JSON.stringify(aResponse({ answers: { why: 'x'.repeat(9e5) } })),
    status: 400,
  },
  {
    name: 'bad: single response of 900 KB',
    body: () => JSON.stringify({ ...single(), pad: Array(300).fill('x'.repeat(3000)) }),
    status: 413,
  },
  { name: 'bad: body over 1 MiB', body: () => 'x'.repeat(1.5 * 1024 * 1024), status: 413 },
  { name: 'bad: not JSON', body: () => '{"id": nope', status: 400 },
  { name: 'bad: wrong field in a one-response body', body: () => ({ ...single(), createdAt: 'x' }), status: 400 },
  {
    name: 'bad: batch of 100, last item invalid',
    body: () => ({ responses: [...Array.from({ length: 99 }, single), { ...single(), createdAt: 'x' }] }),
    status: 400,
  },
];

const c = await startCollector({ env: { LOG_LEVEL: 'silent' }, listen: TRANSPORT === 'socket' });
await seedCatalog(c);
/** Keep-alive connections, as a client reuses them; a refused body's connection is closed by the collector. */
const agent = new Agent({ keepAlive: true, maxSockets: WAVE });
/** Requests whose connection was reset before their answer was read (the client was still sending). */
let resets = 0;
const rows: { name: string; bytes: number; us: number; n: number }[] = [];
for (const t of CASES.filter((_, i) => !ONLY || ONLY.includes(i + 1))) {
  const check = (status: number, body: string) => {
    if (status !== t.status) throw new Error(`${t.name}: ${status} ${body.slice(0, 200)}`);
  };
  const inject = async (payload: Buffer) => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload,
      headers: { 'content-type': 'text/plain' },
    });
    check(res.statusCode, res.body);
  };
  const post = (payload: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        `${c.url}/v1/responses`,
        { method: 'POST', agent, headers: { 'content-type': 'text/plain', 'content-length': payload.length } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            try {
              check(res.statusCode ?? 0, body);
              resolve();
            } catch (err) {
              reject(err as Error);
            }
          });
        },
      );
      req.on('error', () => {
        resets++;
        resolve();
      });
      req.end(payload);
    });
  const send = TRANSPORT === 'socket' ? post : inject;
  const make = () => {
    const b = t.body();
    return Buffer.from(typeof b === 'string' ? b : JSON.stringify(b));
  };
  // Bodies are built before the clock starts; valid ones need fresh ids each time.
  const fixed = t.status === 200 ? null : make();
  const spent = (from: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(from);
    return (u.user + u.system) / 1000;
  };
  // Waves of concurrent requests, as a busy collector sees them (valid ones then share commits).
  const wave = async () => {
    const bodies = Array.from({ length: WAVE }, () => fixed ?? make());
    const from = process.cpuUsage();
    await Promise.all(bodies.map(send));
    return spent(from);
  };
  const warm = process.cpuUsage();
  while (spent(warm) < CASE_MS / 5) await wave();
  let n = 0;
  let cpu = 0;
  while (cpu < CASE_MS) {
    cpu += await wave();
    n += WAVE;
  }
  rows.push({ name: t.name, bytes: (fixed ?? make()).length, us: (cpu * 1000) / n, n });
}
agent.destroy();
await c.close();

const base = rows[0]?.us ?? 1;
console.log(
  `bench:reject — POST /v1/responses ${TRANSPORT === 'socket' ? 'over 127.0.0.1' : 'in-process (app.inject)'}, ${WAVE} at a time, CPU µs per request, node ${process.version}`,
);
if (resets) console.log(`(${resets} requests reset before their answer was read)`);
console.log('case                                        bytes   requests     µs/req  × valid one');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(42)} ${String(r.bytes).padStart(7)} ${String(r.n).padStart(10)} ${r.us.toFixed(0).padStart(10)}  ${(r.us / base).toFixed(2).padStart(10)}`,
  );
}
