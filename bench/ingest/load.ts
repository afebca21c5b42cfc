import { randomUUID } from 'node:crypto';
import { uuidv7 } from '../../collector/src/lib/uuid.js';
import { createRequire } from 'node:module';
import { driveWrk, hasWrk } from './wrk.js';

// The bench lives outside the workspace packages; it borrows the collector's pinned dev dependencies.
const require = createRequire(new URL('../../collector/package.json', import.meta.url));

/** The part of an autocannon result the bench reads. Latencies are in ms. */
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; mean: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  /** CPU seconds the load generator used, when it ran in its own process (wrk) */
  generatorCpuSeconds?: number;
}

/** The part of autocannon's per-connection client the new-connection shape patches. */
interface AutocannonClient {
  on(event: 'response', listener: () => void): void;
  _doRequest(...args: unknown[]): void;
  _destroyConnection(): void;
  _connect(): void;
}

type Autocannon = (opts: Record<string, unknown>) => Promise<LoadResult>;
const autocannon = require('autocannon') as Autocannon;

/** How traffic reaches the server. */
export type Shape = 'keep-alive' | 'new-connection';

/** User agents rotated over requests, so the collector's UA cache sees more than one. */
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
];

/** What the bench posts: a valid single response to the bench survey, as the widget's beacon sends it. */
export interface Target {
  site: string;
  survey: string;
  origin: string;
}

/**
 * Response ids: `v7` as the widget makes them (time-ordered, RFC 9562), or `v4` (random) as an API client
 * might send them.
 */
export type Ids = 'v7' | 'v4';

/**
 * NPS scores in a plausible mix (about 60 % promoters, 25 % passives, 15 % detractors), cycled: a
 * detractor opens a follow-up case in the write path, so the mix changes the work per response.
 */
const SCORES = [10, 9, 10, 8, 9, 10, 7, 9, 6, 10, 8, 9, 3, 10, 9, 7, 10, 9, 8, 5];

/**
 * Comments carried by 3 responses in 10 (a typical open-text answer rate), cycled: the verbatim-insights
 * worker analyses them while the load runs. Keep in step with beacon.lua.
 */
const COMMENTS = [
  'The queue at the checkout was far too long.',
  'Staff were friendly and helpful, thanks!',
  'Delivery was late and the box was damaged.',
  'Great prices but the website is slow.',
  'Could not find my size, the shelves were empty.',
  'Der Kassierer war sehr freundlich.',
  'Returns were easy and the refund came quickly.',
];

let sequence = 0;

const REGIONS = ['North', 'South', 'East', 'West'];
const SEGMENTS = ['new', 'regular', 'loyalty-gold'];
const CATEGORIES = ['running', 'outerwear', 'hiking', 'kids', 'accessories'];
/** BENCH_VARS=rich: four variables a shop would send besides the cart value, as in beacon.lua. */
const RICH = process.env.BENCH_VARS === 'rich';
const varsOf = (n: number): Record<string, string | number | boolean> =>
  RICH
    ? {
        cart: n % 500,
        region: REGIONS[n % 4]!,
        segment: SEGMENTS[Math.floor(n / 4) % 3]!,
        category: CATEGORIES[Math.floor(n / 12) % 5]!,
        member: n % 7 < 3,
      }
    : { cart: n % 500 };

/** A fresh body with a new UUID: a repeated id would only measure the duplicate path. */
function responseBody(t: Target, ids: Ids): string {
  const n = sequence++;
  return JSON.stringify({
    id: ids === 'v7' ? uuidv7() : randomUUID(),
    site: t.site,
    survey: t.survey,
    answers:
      n % 10 < 3
        ? { nps: SCORES[n % SCORES.length], comment: COMMENTS[n % COMMENTS.length] }
        : { nps: SCORES[n % SCORES.length] },
    createdAt: new Date().toISOString(),
    context: { channel: 'web', url: `${t.origin}/checkout`, trigger: 'exit-intent:desktop', vars: varsOf(n) },
  });
}

/**
 * autocannon 9's `reconnectRate: 1` drops every response it reconnects after (nothing is counted),
 * and a `connection: close` header makes it queue a request on the closing socket, which inflates
 * every later latency. So each client is patched instead: once a response is recorded, the next
 * request goes out on a new TCP connection (client-side close, as a browser that does not reuse).
 * Its latency includes the TCP handshake.
 */
function newConnectionPerRequest(client: AutocannonClient): void {
  let reconnect = false;
  client.on('response', () => {
    reconnect = true;
  });
  const send = client._doRequest;
  client._doRequest = function (this: AutocannonClient, ...args: unknown[]) {
    if (!reconnect) return send.apply(this, args);
    reconnect = false;
    this._destroyConnection();
    this._connect(); // sends the next request on the new socket
  };
}

/**
 * The load generator: `wrk` in its own process where it is installed (BENCH_GENERATOR=wrk|autocannon).
 * autocannon runs in the bench's own process and spends more CPU per request than bare node:http does, so
 * on a small machine it caps what it measures; it is kept for machines without wrk.
 */
export const GENERATOR = (process.env.BENCH_GENERATOR ?? (hasWrk() ? 'wrk' : 'autocannon')) as 'wrk' | 'autocannon';

/** Drives `POST {url}/v1/responses`; every request carries a body with a new id. */
export function drive(
  url: string,
  target: Target,
  shape: Shape,
  seconds: number,
  connections: number,
  ids: Ids = 'v7',
): Promise<LoadResult> {
  return GENERATOR === 'wrk'
    ? driveWrk(url, target, shape, seconds, connections, ids)
    : driveAutocannon(url, target, shape, seconds, connections, ids);
}

/** Drives `POST {url}/v1/responses` with autocannon in this process. */
function driveAutocannon(
  url: string,
  target: Target,
  shape: Shape,
  seconds: number,
  connections: number,
  ids: Ids = 'v7',
): Promise<LoadResult> {
  return autocannon({
    url: `${url}/v1/responses`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: target.origin },
    requests: [
      {
        setupRequest: (req: { headers?: Record<string, string> }) => ({
          ...req,
          headers: { ...req.headers, 'user-agent': USER_AGENTS[sequence % USER_AGENTS.length] },
          body: responseBody(target, ids),
        }),
      },
    ],
    ...(shape === 'new-connection' ? { setupClient: newConnectionPerRequest } : {}),
  });
}

/** better-sqlite3, borrowed from the collector, for the durability check. */
export const Sqlite = require('better-sqlite3') as new (
  file: string,
  opts?: { readonly?: boolean },
) => { prepare(sql: string): { pluck(): { get(): unknown } }; close(): void };
