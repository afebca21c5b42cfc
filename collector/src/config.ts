import { isIP } from 'node:net';
import { z } from 'zod';
import { keyWeakness } from './lib/api-keys.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Names proxy-addr (Fastify's `trustProxy`) accepts for well-known ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One trusted proxy: an address, an address/prefix (CIDR) or a range name. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which peers may tell the client address in `X-Forwarded-For`: a hop count (`1` = the proxy right in
 * front), or a comma-separated list of proxy addresses/CIDRs; `false`/`0` none. `true` (every hop, so any
 * client can spoof its address) is still accepted for compatibility, with a warning at start.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v.split(',').map((e) => e.trim());
    const bad = list.filter((e) => !isProxyAddress(e));
    if (bad.length === 0) return list;
    ctx.addIssue({
      code: 'custom',
      message: `must be a hop count or a comma-separated list of proxy addresses/CIDRs (bad: ${bad.join(', ')})`,
    });
    return z.NEVER;
  });

/** The collector's environment, parsed once at boot. See .env.example. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** SQLite database file (`:memory:` only for throwaway runs) or a postgres:// URL; see store/open.ts */
  TOUCHPOINT_DB: z.string().min(1).default('./data/touchpoint.db'),
  /** bootstrap admin key: stored hashed at boot, so the first admin can sign in; ≥ 24 characters, random */
  TOUCHPOINT_ADMIN_KEY: z
    .string()
    .superRefine((key, ctx) => {
      const weakness = keyWeakness(key);
      if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
    })
    .optional(),
  /** requests per minute per client, except static files and cacheable GETs; 0 turns every limit off (benchmarks) */
  TOUCHPOINT_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** GETs of site configs and link/kiosk pages per minute per client (one address may be thousands of phones) */
  TOUCHPOINT_CACHEABLE_RATE_LIMIT: z.coerce.number().int().min(0).default(30_000),
  /** responses per minute per client, each item of a batch counted; 0: no item limit */
  TOUCHPOINT_RESPONSE_LIMIT: z.coerce.number().int().min(0).default(60),
  /** events per minute per client, each item of a batch counted; 0: no item limit */
  TOUCHPOINT_EVENT_LIMIT: z.coerce.number().int().min(0).default(600),
  /** kiosk responses and heartbeats per minute per kiosk and touchpoint (a day's offline queue); 0: no limit */
  TOUCHPOINT_KIOSK_LIMIT: z.coerce.number().int().min(0).default(1000),
  /** group commit: how long the first write of a batch waits for company, in ms (0 = next tick) */
  TOUCHPOINT_COMMIT_WINDOW_MS: z.coerce.number().min(0).max(50).default(1),
  /** group commit: a batch is committed at once when it holds this many rows */
  TOUCHPOINT_COMMIT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * where commits run, on either store: `inline` on the main thread, `thread` on a writer thread (SQLite: the
   * event loop never waits for the disk; PostgreSQL: a commit's round trips never wait behind HTTP requests),
   * `auto` (default) picks by the CPU cores this process may use; see `writerMode`
   */
  TOUCHPOINT_WRITER: z.enum(['auto', 'thread', 'inline']).default('auto'),
  /**
   * where verbatim insights are analysed: `thread` (default) on a worker thread (SQLite: with its own read
   * connection; PostgreSQL: analysis only, the store claims and records), off the event loop; `inline` on the main thread between requests (tests, where a thread loads tsx slowly);
   * `off`: new responses are not analysed (`touchpoint insights backfill` still works)
   */
  TOUCHPOINT_INSIGHTS_WORKER: z.enum(['thread', 'inline', 'off']).default('thread'),
  /** folder holding the built widget (widget.js and its chunks) */
  TOUCHPOINT_WIDGET_DIR: z.string().optional(),
  /** which proxies in front may name the client in X-Forwarded-For (rate limits by client); see `trustProxy` */
  TOUCHPOINT_TRUST_PROXY: trustProxy.default(false),
  /** the public URL of this collector, used in QR codes, posters and links (else the listen address) */
  TOUCHPOINT_PUBLIC_URL: z
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  /** webhooks may call loopback, private and link-local addresses (tests, on-premise receivers) */
  TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** SMTP server for closed-loop e-mails, e.g. `smtp://user:pass@mail.example:587`; unset: e-mails wait in the outbox */
  TOUCHPOINT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** the From of closed-loop e-mails */
  TOUCHPOINT_MAIL_FROM: z.string().min(3).default('Touchpoint <touchpoint@localhost>'),
  /** how often the delivery worker looks for due e-mails and webhook calls, in ms */
  TOUCHPOINT_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  /** the first retry waits about this long; each further one twice as long (with jitter, capped at 6 h) */
  TOUCHPOINT_OUTBOX_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  /** attempts before a delivery is given up as dead (still listed in the delivery log) */
  TOUCHPOINT_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** how long one delivery attempt (a webhook call or an SMTP send) may take, in ms */
  TOUCHPOINT_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** log each request's client address (off: an IP address is personal data, see lib/log-redaction.ts) */
  TOUCHPOINT_LOG_IP: bool.default(false),
  /** how long a client may take to send a whole request, body included, in ms (then 408 and the socket closes) */
  TOUCHPOINT_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** how long a client may take to send a request's headers, in ms (at most the request timeout) */
  TOUCHPOINT_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** how long an idle keep-alive connection stays open, in ms; behind a load balancer set it above the balancer's idle timeout */
  TOUCHPOINT_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** open connections one client address may hold; 0 = no cap (not applied behind a trusted proxy, whose address all share) */
  TOUCHPOINT_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(0).max(100_000).default(256),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof configSchema>;

/** Parses the environment, or throws one readable error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // `NAME=` in an env file means "not set", not "set to nothing".
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
