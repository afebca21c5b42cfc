import type { Database, Statement } from 'better-sqlite3';
import type { Delivery, DeliveryListQuery, WebhookEvent } from '@touchpoint/shared';
import { uuidv7 } from '../../../lib/uuid.js';
import type { ClaimedDelivery, DeliveryKind, EmailPayload } from '../../closed-loop-store.js';
import type { SqliteLoopCatalog } from './catalog.js';
import { webhookStep } from '../../plan/closed-loop.js';
import {
  addToDigest,
  digestId,
  digestPeriod,
  type AlertFacts,
  type NotifyPayload,
} from '../../../closed-loop/notify.js';
import type { NotifyDigest, NotifyKind } from '@touchpoint/shared';
import type { PlanSite } from '../../plan/plan-site.js';

interface OutboxRow {
  id: string;
  site: string;
  kind: DeliveryKind;
  event: string;
  target: string;
  payload: string;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

const toDelivery = (r: OutboxRow): Delivery => ({
  id: r.id,
  kind: r.kind,
  event: r.event,
  target: r.target,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

/** Longest error text kept per row: enough to read, small enough for the log page. */
const MAX_ERROR_CHARS = 500;

/** The rows a claim may lease at @now, of the kinds in the JSON array @kinds (index outbox_due, migration 031). */
const DUE = `status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
  AND kind IN (SELECT value FROM json_each(@kinds))`;

/** A claimed delivery as its row has it: the endpoint is looked up by the connection that sends it. */
export type ClaimedRow = Omit<ClaimedDelivery, 'endpoint'>;

/**
 * The delivery worker's writes to the outbox, as they cross to the writer thread (SqliteStore with a writer
 * thread: that thread stays the database's only writer, so the event loop never busy-waits for its lock).
 */
export type OutboxOp =
  | { op: 'claim'; kinds: DeliveryKind[]; limit: number; leaseMs: number; now: string }
  | { op: 'delivered'; id: string; at: string; claim: string | null }
  | { op: 'failed'; id: string; error: string; retryAt: string | null; claim: string | null };

/**
 * The transactional outbox. `email` and `emit` only insert rows and never commit: they run inside the
 * transaction that saved the response (or changed the case), so the work commits with its cause or not
 * at all. The delivery worker then claims, sends and marks rows (see plugins/delivery.ts).
 */
export class SqliteOutbox {
  private readonly insert: Statement;
  private readonly anyDue: Statement<[{ now: string; kinds: string }], number | undefined>;
  private readonly claim: Statement;
  private readonly delivered: Statement;
  private readonly failed: Statement;
  private readonly replied: Statement<[string, string, string], number>;
  private readonly digestRow: Statement<[string], { payload: string; open: number }>;
  private readonly digestSave: Statement;
  private readonly sentSince: Statement<[string, string, string], number>;

  constructor(
    private readonly db: Database,
    private readonly catalog: SqliteLoopCatalog,
  ) {
    // Ids are version 7 UUIDs: they grow with time, so the id index grows at its end (lib/uuid.ts).
    this.insert = db.prepare(`INSERT INTO outbox (id, site, response_id, kind, event, target, payload, status,
      attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`);
    // The same pick, read only: a reader of the WAL never waits for the writer thread's lock, which the UPDATE
    // below must take (on the event loop, every round, busy-waiting while the writer commits back to back).
    this.anyDue = db.prepare(`SELECT 1 FROM outbox WHERE ${DUE} LIMIT 1`).pluck() as Statement<
      [{ now: string; kinds: string }],
      number | undefined
    >;
    // One statement: the rows are picked and leased atomically. PostgreSQL: the inner SELECT gains
    // FOR UPDATE SKIP LOCKED, so concurrent collectors never pick the same row.
    this.claim = db.prepare(`UPDATE outbox SET claimed_until = @until WHERE id IN (
      SELECT id FROM outbox WHERE ${DUE} ORDER BY next_attempt_at LIMIT @limit)
      RETURNING id, site, kind, event, target, payload, attempts, claimed_until AS claim`);
    this.delivered = db.prepare(`UPDATE outbox SET status = 'delivered', attempts = attempts + 1,
      delivered_at = @at, next_attempt_at = NULL, claimed_until = NULL WHERE id = @id AND status = 'pending'
      AND (@claim IS NULL OR claimed_until = @claim)`);
    this.failed = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = @error,
      next_attempt_at = @retryAt, claimed_until = NULL,
      status = CASE WHEN @retryAt IS NULL THEN 'dead' ELSE 'pending' END
      WHERE id = @id AND status = 'pending' AND (@claim IS NULL OR claimed_until = @claim)`);
    // A digest still open for more responses: not sent, not being sent (claims start at the period end).
    this.digestRow = db.prepare(`SELECT payload, (status = 'pending' AND attempts = 0 AND claimed_until IS NULL)
      AS open FROM outbox WHERE id = ?`) as Statement<[string], { payload: string; open: number }>;
    this.digestSave = db.prepare(`INSERT INTO outbox (id, site, response_id, kind, event, target, payload, status,
      attempts, next_attempt_at, created_at) VALUES (@id, @site, NULL, 'notify', 'digest', @rule, @payload,
      'pending', 0, @due, @now) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload`);
    // Both read the index of migration 007 (site, lower(target), created_at) WHERE kind = 'email'.
    this.replied = db
      .prepare(
        `SELECT count(*) FROM outbox WHERE site = ? AND kind = 'email' AND lower(target) = ? AND created_at >= ?`,
      )
      .pluck() as Statement<[string, string, string], number>;
    this.sentSince = db
      .prepare(
        `SELECT count(*) FROM outbox WHERE site = ? AND kind = 'email' AND created_at >= ?
        AND status = 'delivered' AND delivered_at >= ?`,
      )
      .pluck() as Statement<[string, string, string], number>;
  }

  /** Whether an e-mail to `address` (already normalised) was queued for the site since `since`, sent or not. */
  repliedTo(site: string, address: string, since: string): boolean {
    return (this.replied.get(site, address, since) ?? 0) > 0;
  }

  /** E-mails of the site delivered since `since` (created before it and delivered after it count too). */
  countRepliesSent(site: string, since: string, createdSince: string): number {
    return this.sentSince.get(site, createdSince, since) ?? 0;
  }

  /** Queues a rendered e-mail. */
  email(site: string, responseId: string | null, mail: EmailPayload, now: string): void {
    this.insert.run(uuidv7(), site, responseId, 'email', 'reply', mail.to, JSON.stringify(mail), now, now);
  }

  /** Queues one delivery of `payload` per target endpoint. */
  webhooks(
    site: string,
    responseId: string | null,
    event: WebhookEvent,
    targets: readonly string[],
    payload: string,
    now: string,
  ): void {
    for (const target of targets)
      this.insert.run(uuidv7(), site, responseId, 'webhook', event, target, payload, now, now);
  }

  /** Queues one chat alert for a matching response. */
  alert(site: string, responseId: string | null, kind: NotifyKind, url: string, alert: AlertFacts, now: string): void {
    const payload: NotifyPayload = { kind, url, alert };
    this.insert.run(uuidv7(), site, responseId, 'notify', 'alert', alert.rule, JSON.stringify(payload), now, now);
  }

  /**
   * Counts a matching response into its rule's digest of the period: the row, keyed by rule and period, is
   * created due at the period's end, or updated while it is still unsent. A response saved once the summary
   * is on its way (a clock behind the worker's) is not counted rather than sent twice.
   */
  digest(
    site: string,
    every: Exclude<NotifyDigest, 'none'>,
    kind: NotifyKind,
    url: string,
    alert: AlertFacts,
    now: string,
  ): void {
    const period = digestPeriod(every, alert.at);
    const id = digestId(site, alert.rule, period.start);
    const row = this.digestRow.get(id);
    if (row && !row.open) return;
    const current = row ? ((JSON.parse(row.payload) as NotifyPayload).digest ?? null) : null;
    const payload: NotifyPayload = { kind, url, digest: addToDigest(current, every, alert) };
    this.digestSave.run({ id, site, rule: alert.rule, payload: JSON.stringify(payload), due: period.end, now });
  }

  /** Queues an event for every active endpoint of the site subscribed to it (see `webhookStep`). */
  emit(
    config: Pick<PlanSite, 'subscribers' | 'endpointIds'>,
    site: string,
    type: WebhookEvent,
    data: Record<string, unknown>,
    responseId: string | null,
    now: string,
  ): void {
    const step = webhookStep(config, site, type, data, now);
    if (step) this.webhooks(site, responseId, type, step.targets, step.payload, now);
  }

  /**
   * Whether any delivery of `kinds` is due at `now`, by a read only: a round with nothing due (most rounds) takes
   * no write lock, so it never waits on the event loop for the writer thread's commits.
   */
  anyDueAt(kinds: DeliveryKind[], now: string): boolean {
    return this.anyDue.get({ now, kinds: JSON.stringify(kinds) }) !== undefined;
  }

  /**
   * Leases up to `limit` due deliveries of `kinds`, without their endpoints (`withEndpoints`). Takes the write
   * lock: ask `anyDueAt` first where another connection writes.
   */
  claimRows(kinds: DeliveryKind[], limit: number, leaseMs: number, now: string): ClaimedRow[] {
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.claim.all({ until, now, kinds: JSON.stringify(kinds), limit }) as ClaimedRow[];
  }

  /** Claimed rows with their webhook endpoints, as this connection's catalog has them. */
  withEndpoints(rows: readonly ClaimedRow[]): ClaimedDelivery[] {
    return rows.map((r) => ({ ...r, endpoint: r.kind === 'webhook' ? this.catalog.webhookTarget(r.target) : null }));
  }

  markDelivered(id: string, at: string, claim: string | null): void {
    this.delivered.run({ id, at, claim });
  }
  markFailed(id: string, error: string, retryAt: string | null, claim: string | null): void {
    this.failed.run({ id, error: error.slice(0, MAX_ERROR_CHARS), retryAt, claim });
  }

  /** Carries out the delivery worker's writes `ops` in order, in one transaction: the rows each claim leased. */
  apply(ops: readonly OutboxOp[]): ClaimedRow[][] {
    return this.db.transaction(() =>
      ops.map((o) => {
        if (o.op === 'claim') return this.claimRows(o.kinds, o.limit, o.leaseMs, o.now);
        if (o.op === 'delivered') this.markDelivered(o.id, o.at, o.claim);
        else this.markFailed(o.id, o.error, o.retryAt, o.claim);
        return [];
      }),
    )();
  }
  countPending(kind: DeliveryKind): number {
    return this.db
      .prepare("SELECT count(*) FROM outbox WHERE status = 'pending' AND kind = ?")
      .pluck()
      .get(kind) as number;
  }
  /**
   * Makes a pending or dead row due now. Attempts and the last error stay, so the log still tells what
   * happened; a dead row (its attempts used up) thus gets one more attempt, a pending one keeps its
   * schedule from there. A claim in flight is left alone, so the row is never sent twice at once.
   */
  retry(site: string, id: string, now: string): Delivery | null {
    const row = this.db
      .prepare(
        `UPDATE outbox SET status = 'pending', next_attempt_at = @now
        WHERE id = @id AND site = @site AND status IN ('pending', 'dead') RETURNING *`,
      )
      .get({ id, site, now }) as OutboxRow | undefined;
    if (row) return toDelivery(row);
    const current = this.db.prepare('SELECT * FROM outbox WHERE id = ? AND site = ?').get(id, site) as
      OutboxRow | undefined;
    return current ? toDelivery(current) : null;
  }
  list(site: string, q: DeliveryListQuery): Delivery[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM outbox WHERE site = @site AND (@status IS NULL OR status = @status)
        AND (@kind IS NULL OR kind = @kind) ORDER BY created_at DESC, id DESC LIMIT @limit`,
      )
      .all({ site, status: q.status ?? null, kind: q.kind ?? null, limit: q.limit }) as OutboxRow[];
    return rows.map(toDelivery);
  }
}
