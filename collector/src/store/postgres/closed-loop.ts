import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Delivery, DeliveryListQuery, Rule, WebhookEndpoint, WebhookEvent } from '@touchpoint/shared';
import { defaultRules } from '../../closed-loop/default-rules.js';
import type {
  CaseChange,
  CasePageQuery,
  CaseQuery,
  ClaimedDelivery,
  ClosedLoopStore,
  DeliveryKind,
} from '../closed-loop-store.js';
import { PgCases } from './cases.js';
import { inTransaction, json, type Queryable } from './db.js';
import type { SiteCache } from '../site-cache.js';
import { eventRows, insertOutbox } from './outbox-insert.js';
import { notifySiteEdited } from './site-notify.js';
import { toEndpoint, type WebhookRow } from './webhook-rows.js';

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;
/** Longest error text kept per row: enough to read, small enough for the log page. */
const MAX_ERROR_CHARS = 500;

interface OutboxRow {
  id: string;
  kind: DeliveryKind;
  event: string;
  target: string;
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

const INSERT_RULE = `INSERT INTO rules (site, id, position, definition, created_at, updated_at)
  VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM rules WHERE site = $1), $3, $4, $4)
  ON CONFLICT DO NOTHING`;

/** Creates the default rules of a site just created, in the caller's transaction; once per site. */
export async function createDefaultRules(db: Queryable, site: string, now: string): Promise<void> {
  const marked = await db.query('INSERT INTO rule_defaults (site, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    site,
    now,
  ]);
  if (marked.rowCount === 0) return;
  for (const r of defaultRules()) await db.query(INSERT_RULE, [site, r.id, json(r), now]);
}

/**
 * The closed loop's verbs on PostgreSQL (rules, endpoints, cases, the outbox). Every rule or endpoint edit
 * invalidates the site in the store's site cache. Claims use FOR UPDATE SKIP LOCKED, so several
 * collectors never claim one row at once.
 */
export class PgClosedLoop implements ClosedLoopStore {
  private readonly cases: PgCases;

  constructor(
    private readonly pool: pg.Pool,
    private readonly sites: SiteCache,
  ) {
    this.cases = new PgCases(pool);
  }

  private async edited(site: string, r: pg.QueryResult): Promise<boolean> {
    this.sites.invalidate(site);
    if (r.rowCount === 1) await notifySiteEdited(this.pool, site);
    return r.rowCount === 1;
  }

  async listRules(site: string): Promise<Rule[]> {
    const { rows } = await this.pool.query<{ definition: Rule }>(
      'SELECT definition FROM rules WHERE site = $1 ORDER BY position, id',
      [site],
    );
    return rows.map((r) => r.definition);
  }
  async getRule(site: string, id: string): Promise<Rule | null> {
    const { rows } = await this.pool.query<{ definition: Rule }>(
      'SELECT definition FROM rules WHERE site = $1 AND id = $2',
      [site, id],
    );
    return rows[0]?.definition ?? null;
  }
  async createRule(site: string, rule: Rule): Promise<boolean> {
    return this.edited(site, await this.pool.query(INSERT_RULE, [site, rule.id, json(rule), new Date().toISOString()]));
  }
  async updateRule(site: string, rule: Rule): Promise<boolean> {
    const r = await this.pool.query('UPDATE rules SET definition = $1, updated_at = $2 WHERE site = $3 AND id = $4', [
      json(rule),
      new Date().toISOString(),
      site,
      rule.id,
    ]);
    return this.edited(site, r);
  }
  async deleteRule(site: string, id: string): Promise<boolean> {
    return this.edited(site, await this.pool.query('DELETE FROM rules WHERE site = $1 AND id = $2', [site, id]));
  }

  async listWebhooks(site: string): Promise<WebhookEndpoint[]> {
    const { rows } = await this.pool.query<WebhookRow>(
      'SELECT * FROM webhooks WHERE site = $1 ORDER BY created_at, id',
      [site],
    );
    return rows.map(toEndpoint);
  }
  async getWebhook(site: string, id: string): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query<WebhookRow>('SELECT * FROM webhooks WHERE site = $1 AND id = $2', [
      site,
      id,
    ]);
    return rows[0] ? toEndpoint(rows[0]) : null;
  }
  async createWebhook(site: string, e: { url: string; events: WebhookEvent[]; active: boolean }, secret: string) {
    const endpoint: WebhookEndpoint = { id: randomUUID(), ...e, createdAt: new Date().toISOString() };
    await this.pool.query(
      `INSERT INTO webhooks (id, site, url, events, secret, active, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [endpoint.id, site, e.url, json(e.events), secret, e.active, endpoint.createdAt],
    );
    this.sites.invalidate(site);
    return endpoint;
  }
  async updateWebhook(site: string, e: WebhookEndpoint): Promise<boolean> {
    const r = await this.pool.query(
      'UPDATE webhooks SET url = $1, events = $2, active = $3, updated_at = $4 WHERE site = $5 AND id = $6',
      [e.url, json(e.events), e.active, new Date().toISOString(), site, e.id],
    );
    return this.edited(site, r);
  }
  async rotateWebhookSecret(site: string, id: string, secret: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE webhooks SET secret = $1, updated_at = $2 WHERE site = $3 AND id = $4', [
      secret,
      new Date().toISOString(),
      site,
      id,
    ]);
    return this.edited(site, r);
  }
  async deleteWebhook(site: string, id: string): Promise<boolean> {
    return this.edited(site, await this.pool.query('DELETE FROM webhooks WHERE site = $1 AND id = $2', [site, id]));
  }

  async listCases(site: string, query: CasePageQuery, now: string) {
    return this.cases.list(site, query, now);
  }
  async getCase(site: string, id: string, now: string) {
    return this.cases.get(this.pool, site, id, now);
  }
  async updateCase(site: string, id: string, change: CaseChange) {
    const config = await this.sites.get(site);
    return inTransaction(this.pool, async (client) => {
      const updated = await this.cases.update(client, site, id, change);
      if (updated && config) {
        await insertOutbox(
          client,
          eventRows(config, site, 'case.updated', { case: updated }, updated.response, change.at),
        );
      }
      return updated;
    });
  }
  async backdateCases(site: string) {
    return this.cases.backdate(site);
  }
  async caseSummary(site: string, now: string, filter?: CaseQuery) {
    return this.cases.summary(site, now, filter);
  }

  async claimDeliveries(o: { kinds: DeliveryKind[]; limit: number; leaseMs: number; now: string }) {
    const until = new Date(Date.parse(o.now) + o.leaseMs).toISOString();
    // One statement: rows are picked and leased atomically; SKIP LOCKED lets another collector's claim
    // running at the same moment take other rows instead of waiting for (and then re-taking) these.
    const { rows } = await this.pool.query<Omit<ClaimedDelivery, 'endpoint'> & WebhookRowTarget>(
      `WITH due AS (
        SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2
          AND (claimed_until IS NULL OR claimed_until <= $2) AND kind = ANY($3::text[])
        ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
      UPDATE outbox o SET claimed_until = $1 FROM due WHERE o.id = due.id
      RETURNING o.id, o.site, o.kind, o.event, o.target, o.payload, o.attempts, o.claimed_until AS claim,
        (SELECT row_to_json(w) FROM (SELECT url, secret, active FROM webhooks WHERE id = o.target) w) AS hook`,
      [until, o.now, o.kinds, o.limit],
    );
    return rows
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(({ hook, ...r }) => ({ ...r, endpoint: r.kind === 'webhook' ? hook : null }));
  }
  async markDelivered(id: string, at: string, claim?: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, next_attempt_at = NULL,
      claimed_until = NULL WHERE id = $1 AND status = 'pending' AND ($3::text IS NULL OR claimed_until = $3)`,
      [id, at, claim ?? null],
    );
  }
  async markFailed(id: string, error: string, retryAt: string | null, claim?: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3::text, claimed_until = NULL,
      status = CASE WHEN $3::text IS NULL THEN 'dead' ELSE 'pending' END
      WHERE id = $1 AND status = 'pending' AND ($4::text IS NULL OR claimed_until = $4)`,
      [id, error.slice(0, MAX_ERROR_CHARS), retryAt, claim ?? null],
    );
  }
  async countRepliesSent(site: string, since: string): Promise<number> {
    // An e-mail is delivered after it was queued: those queued a day before `since` are enough to look at.
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM outbox WHERE site = $1 AND kind = 'email' AND created_at >= $2
      AND status = 'delivered' AND delivered_at >= $3`,
      [site, new Date(Date.parse(since) - DAY_MS).toISOString(), since],
    );
    return rows[0]?.n ?? 0;
  }
  async countPending(kind: DeliveryKind): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND kind = $1",
      [kind],
    );
    return rows[0]?.n ?? 0;
  }
  async listDeliveries(site: string, q: DeliveryListQuery) {
    const { rows } = await this.pool.query<OutboxRow>(
      `SELECT * FROM outbox WHERE site = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3)
      ORDER BY created_at DESC, id DESC LIMIT $4`,
      [site, q.status ?? null, q.kind ?? null, q.limit],
    );
    return rows.map(toDelivery);
  }
  /** See ClosedLoopStore.retryDelivery: a claim in flight is left alone, so the row is never sent twice at once. */
  async retryDelivery(site: string, id: string, now: string) {
    const { rows } = await this.pool.query<OutboxRow>(
      `UPDATE outbox SET status = 'pending', next_attempt_at = $3
      WHERE id = $1 AND site = $2 AND status IN ('pending', 'dead') RETURNING *`,
      [id, site, now],
    );
    if (rows[0]) return toDelivery(rows[0]);
    const current = await this.pool.query<OutboxRow>('SELECT * FROM outbox WHERE id = $1 AND site = $2', [id, site]);
    return current.rows[0] ? toDelivery(current.rows[0]) : null;
  }
}

/** The endpoint of a claimed webhook row, read with the claim. */
interface WebhookRowTarget {
  hook: { url: string; secret: string; active: boolean } | null;
}
