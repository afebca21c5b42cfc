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
  /** folder holding the built widget (widget.js and its chunks) */
  TOUCHPOINT_WIDGET_DIR: z.string().optional(),
  /** trust X-Forwarded-For from a proxy in front (for rate limits by client) */
  TOUCHPOINT_TRUST_PROXY: bool.default(false),
  /** the public URL of this collector, used in QR codes and links (defaults to the request's host) */
  TOUCHPOINT_PUBLIC_URL: z.url().optional(),
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
