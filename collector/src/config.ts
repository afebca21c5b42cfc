import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The collector's environment, parsed once at boot. See .env.example. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** SQLite database file; `:memory:` only for throwaway runs */
  TOUCHPOINT_DB: z.string().min(1).default('./data/touchpoint.db'),
  /** bootstrap admin key: stored hashed at boot, so the first admin can sign in */
  TOUCHPOINT_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** requests per minute per client on public routes; 0 turns rate limiting off (benchmarks) */
  TOUCHPOINT_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** group commit: how long the first write of a batch waits for company, in ms (0 = next tick) */
  TOUCHPOINT_COMMIT_WINDOW_MS: z.coerce.number().min(0).max(50).default(1),
  /** group commit: a batch is committed at once when it holds this many rows */
  TOUCHPOINT_COMMIT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * where commits run: `inline` on the main thread, `thread` on a writer thread (the event loop never waits
   * for the disk), `auto` (default) picks by the CPU cores this process may use; see `writerMode`
   */
  TOUCHPOINT_WRITER: z.enum(['auto', 'thread', 'inline']).default('auto'),
  /** folder holding the built widget (widget.js and its chunks) */
  TOUCHPOINT_WIDGET_DIR: z.string().optional(),
  /** trust X-Forwarded-For from a proxy in front (for rate limits by client) */
  TOUCHPOINT_TRUST_PROXY: bool.default(false),
  /** the public URL of this collector, used in QR codes and links (defaults to the request's host) */
  TOUCHPOINT_PUBLIC_URL: z.url().optional(),
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
