import type { NotifyDigest, NotifyKind } from '@touchpoint/shared';
import { addToDigest, digestId, digestPeriod, type AlertFacts, type NotifyPayload } from '../../closed-loop/notify.js';
import type { Queryable } from './db.js';
import type { OutboxRow } from './outbox-insert.js';

/**
 * Chat notifications (a rule's `notify` action, migration 014) on PostgreSQL, as
 * store/sqlite/closed-loop/outbox.ts: an alert is one outbox row; a digest is one row per rule and period
 * (id `digestId`), created due at the period's end and counted into while it is still unsent.
 */

/** A notify step of a plan, waiting for the batch's cases to be opened (an alert links to its case). */
export interface NotifyStep {
  site: string;
  responseId: string;
  service: NotifyKind;
  url: string;
  digest: NotifyDigest;
  alert: AlertFacts;
}

/** The outbox row of an alert. */
export function alertRow(step: NotifyStep, caseId: string | null, at: string): OutboxRow {
  const payload: NotifyPayload = { kind: step.service, url: step.url, alert: { ...step.alert, caseId } };
  const { site, responseId } = step;
  return {
    site,
    responseId,
    kind: 'notify',
    event: 'alert',
    target: step.alert.rule,
    payload: JSON.stringify(payload),
    at,
  };
}

const INSERT_DIGEST = `INSERT INTO outbox (id, site, response_id, kind, event, target, payload, status, attempts,
  next_attempt_at, created_at) VALUES ($1, $2, NULL, 'notify', 'digest', $3, $4, 'pending', 0, $5, $6)
  ON CONFLICT (id) DO NOTHING`;

/** Still open for more responses: not sent, not being sent (claims start at the period end). */
const OPEN = `status = 'pending' AND attempts = 0 AND claimed_until IS NULL`;

/**
 * Counts each digest step's response into its rule's digest of the period, in id order (two collectors
 * lock the rows in the same order). A new row is inserted (ON CONFLICT DO NOTHING: a concurrent insert
 * wins and is then read locked); an existing one is updated only while open, so a response saved once the
 * summary is on its way is not counted rather than sent twice.
 */
export async function countIntoDigests(db: Queryable, steps: readonly NotifyStep[], now: string): Promise<void> {
  const keyed = steps
    .filter((s): s is NotifyStep & { digest: Exclude<NotifyDigest, 'none'> } => s.digest !== 'none')
    .map((s) => {
      const period = digestPeriod(s.digest, s.alert.at);
      return { s, period, id: digestId(s.site, s.alert.rule, period.start) };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { s, period, id } of keyed) {
    const fresh: NotifyPayload = { kind: s.service, url: s.url, digest: addToDigest(null, s.digest, s.alert) };
    const ins = await db.query(INSERT_DIGEST, [id, s.site, s.alert.rule, JSON.stringify(fresh), period.end, now]);
    if (ins.rowCount === 1) continue;
    const { rows } = await db.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE id = $1 AND ${OPEN} FOR UPDATE`,
      [id],
    );
    const row = rows[0];
    if (!row) continue;
    const current = (JSON.parse(row.payload) as NotifyPayload).digest ?? null;
    const payload: NotifyPayload = { kind: s.service, url: s.url, digest: addToDigest(current, s.digest, s.alert) };
    await db.query(`UPDATE outbox SET payload = $2 WHERE id = $1 AND ${OPEN}`, [id, JSON.stringify(payload)]);
  }
}
