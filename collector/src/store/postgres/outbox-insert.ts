import type { WebhookEvent, WebhookPayload } from '@touchpoint/shared';
import { normalAddress } from '../../closed-loop/reply-limits.js';
import { uuidv7 } from '../../lib/uuid.js';
import type { EmailPayload } from '../closed-loop-store.js';
import type { Queryable } from './db.js';
import type { PlanSite } from '../plan/plan-site.js';

const INSERT = `INSERT INTO outbox (id, site, response_id, kind, event, target, payload, status, attempts,
  next_attempt_at, created_at) SELECT id, site, response_id, kind, event, target, payload, 'pending', 0, at, at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  AS r (id, site, response_id, kind, event, target, payload, at)`;

/** One row to queue; `at` is when it was queued (and first due). */
export interface OutboxRow {
  site: string;
  responseId: string | null;
  kind: 'email' | 'webhook' | 'notify';
  event: string;
  target: string;
  payload: string;
  at: string;
}

/** Queues rows of the transactional outbox inside the caller's transaction (never commits on its own). */
export async function insertOutbox(db: Queryable, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Ids are version 7 UUIDs: they grow with time, so the id index grows at its end (lib/uuid.ts).
  await db.query(INSERT, [
    rows.map(() => uuidv7()),
    rows.map((r) => r.site),
    rows.map((r) => r.responseId),
    rows.map((r) => r.kind),
    rows.map((r) => r.event),
    rows.map((r) => r.target),
    rows.map((r) => r.payload),
    rows.map((r) => r.at),
  ]);
}

/** Queues a rendered e-mail. */
export function emailRow(site: string, responseId: string | null, mail: EmailPayload, at: string): OutboxRow {
  return { site, responseId, kind: 'email', event: 'reply', target: mail.to, payload: JSON.stringify(mail), at };
}

/**
 * The rows an event makes: one per active endpoint of the site subscribed to it (or for `only` that
 * endpoint, subscribed or not: a rule's webhook action). None (and no payload built) when nobody listens.
 */
export function eventRows(
  config: Pick<PlanSite, 'subscribers' | 'endpointIds'>,
  site: string,
  type: WebhookEvent,
  data: Record<string, unknown>,
  responseId: string | null,
  now: string,
  only?: string,
): OutboxRow[] {
  const targets = only === undefined ? config.subscribers.get(type) : config.endpointIds.has(only) ? [only] : null;
  if (!targets) return [];
  const body: WebhookPayload = { id: uuidv7(), type, createdAt: now, site, data };
  const payload = JSON.stringify(body);
  return targets.map((target) => ({ site, responseId, kind: 'webhook', event: type, target, payload, at: now }));
}

/** Whether an e-mail to `address` (normalised) was queued for the site since `since`, in `pending` or before. */
export async function repliedTo(
  db: Queryable,
  pending: readonly OutboxRow[],
  site: string,
  address: string,
  since: string,
): Promise<boolean> {
  if (pending.some((o) => o.kind === 'email' && o.site === site && normalAddress(o.target) === address)) return true;
  const { rowCount } = await db.query(
    `SELECT 1 FROM outbox WHERE site = $1 AND kind = 'email' AND lower(target) = $2 AND created_at >= $3 LIMIT 1`,
    [site, address, since],
  );
  return (rowCount ?? 0) > 0;
}
