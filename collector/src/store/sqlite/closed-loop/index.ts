import type { Database } from 'better-sqlite3';
import type { DeliveryListQuery, Rule, WebhookEndpoint, WebhookEvent } from '@touchpoint/shared';
import type { CaseChange, CasePageQuery, CaseQuery, ClosedLoopStore, DeliveryKind } from '../../closed-loop-store.js';
import { webhookPayload, type LoopStep } from '../../plan/closed-loop.js';
import type { SiteCache } from '../../site-cache.js';
import { SqliteCases } from './cases.js';
import { SqliteLoopCatalog } from './catalog.js';
import { SqliteOutbox, type ClaimedRow, type OutboxOp } from './outbox.js';

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/**
 * The closed loop on SQLite: its storage verbs, and `applyLoop`, which applies the closed-loop part of a
 * write plan inside the group-commit transaction.
 */
export class SqliteClosedLoop implements ClosedLoopStore {
  private readonly catalog: SqliteLoopCatalog;
  private readonly outbox: SqliteOutbox;
  private readonly cases: SqliteCases;

  /**
   * Every rule or endpoint edit invalidates the site in `sites`, the store's site cache. With `writer`, the
   * delivery worker's claims and marks are carried out there (the writer thread) rather than on `db`.
   */
  constructor(
    db: Database,
    private readonly sites: SiteCache,
    private readonly writer?: (op: OutboxOp) => Promise<ClaimedRow[]>,
  ) {
    this.catalog = new SqliteLoopCatalog(db);
    this.outbox = new SqliteOutbox(db, this.catalog);
    this.cases = new SqliteCases(db);
  }

  /**
   * Applies the closed-loop steps of a write plan (plan/closed-loop.ts), inside the group-commit
   * transaction (synchronously, never committing): the cases and outbox rows commit with the response, or
   * roll back with it.
   */
  applyLoop(site: string, responseId: string, steps: readonly LoopStep[], now: string): void {
    let caseId: string | null = null;
    for (const step of steps) {
      switch (step.kind) {
        case 'webhook':
          this.outbox.webhooks(site, responseId, step.event, step.targets, step.payload, now);
          break;
        case 'reply':
          if (!this.outbox.repliedTo(site, step.address, step.since))
            this.outbox.email(site, responseId, step.mail, now);
          break;
        case 'case': {
          const opened = this.cases.open(step.opening, now);
          if (opened) caseId = opened.id;
          if (opened && step.notify.length > 0) {
            const payload = webhookPayload(site, 'case.opened', { case: opened }, now);
            this.outbox.webhooks(site, responseId, 'case.opened', step.notify, payload, now);
          }
          break;
        }
        case 'notify':
          if (step.digest === 'none')
            this.outbox.alert(site, responseId, step.service, step.url, { ...step.alert, caseId }, now);
          else this.outbox.digest(site, step.digest, step.service, step.url, step.alert, now);
          break;
      }
    }
  }

  // ---- rules and endpoints: every edit invalidates the site in the site cache

  /** Creates a new site's default rules, inside the transaction that creates the site. */
  createDefaultRules(site: string, now: string): void {
    this.catalog.createDefaultRules(site, now);
  }
  async listRules(site: string): Promise<Rule[]> {
    return this.catalog.rules(site);
  }
  async getRule(site: string, id: string): Promise<Rule | null> {
    return this.catalog.rule(site, id);
  }
  async createRule(site: string, rule: Rule): Promise<boolean> {
    return this.edited(site, this.catalog.createRule(site, rule));
  }
  async updateRule(site: string, rule: Rule): Promise<boolean> {
    return this.edited(site, this.catalog.updateRule(site, rule));
  }
  async deleteRule(site: string, id: string): Promise<boolean> {
    return this.edited(site, this.catalog.deleteRule(site, id));
  }
  async listWebhooks(site: string): Promise<WebhookEndpoint[]> {
    return this.catalog.webhooks(site);
  }
  async getWebhook(site: string, id: string): Promise<WebhookEndpoint | null> {
    return this.catalog.webhook(site, id);
  }
  async createWebhook(site: string, e: { url: string; events: WebhookEvent[]; active: boolean }, secret: string) {
    const created = this.catalog.createWebhook(site, e, secret);
    this.sites.invalidate(site);
    return created;
  }
  async updateWebhook(site: string, e: WebhookEndpoint): Promise<boolean> {
    return this.edited(site, this.catalog.updateWebhook(site, e));
  }
  async rotateWebhookSecret(site: string, id: string, secret: string): Promise<boolean> {
    return this.edited(site, this.catalog.rotateWebhookSecret(site, id, secret));
  }
  async deleteWebhook(site: string, id: string): Promise<boolean> {
    return this.edited(site, this.catalog.deleteWebhook(site, id));
  }
  private edited(site: string, changed: boolean): boolean {
    this.sites.invalidate(site);
    return changed;
  }

  // ---- cases

  async listCases(site: string, query: CasePageQuery, now: string) {
    return this.cases.list(site, query, now);
  }
  async getCase(site: string, id: string, now: string) {
    return this.cases.get(site, id, now);
  }
  async updateCase(site: string, id: string, change: CaseChange) {
    return this.cases.update(site, id, change, (c) => {
      const config = this.sites.getSync(site);
      if (config) this.outbox.emit(config, site, 'case.updated', { case: c }, c.response, change.at);
    });
  }
  async backdateCases(site: string) {
    return this.cases.backdate(site);
  }
  async caseSummary(site: string, now: string, filter?: CaseQuery) {
    return this.cases.summary(site, now, filter);
  }

  // ---- outbox

  async claimDeliveries(o: { kinds: DeliveryKind[]; limit: number; leaseMs: number; now: string }) {
    // Most rounds find nothing due: a read, no write lock taken nor message sent to the writer thread.
    if (!this.outbox.anyDueAt(o.kinds, o.now)) return [];
    const rows = this.writer
      ? await this.writer({ op: 'claim', ...o })
      : this.outbox.claimRows(o.kinds, o.limit, o.leaseMs, o.now);
    return this.outbox.withEndpoints(rows);
  }
  async markDelivered(id: string, at: string, claim?: string): Promise<void> {
    if (this.writer) await this.writer({ op: 'delivered', id, at, claim: claim ?? null });
    else this.outbox.markDelivered(id, at, claim ?? null);
  }
  async markFailed(id: string, error: string, retryAt: string | null, claim?: string): Promise<void> {
    if (this.writer) await this.writer({ op: 'failed', id, error, retryAt, claim: claim ?? null });
    else this.outbox.markFailed(id, error, retryAt, claim ?? null);
  }
  /** The writer thread's side of `claimDeliveries`, `markDelivered` and `markFailed` (writer-worker.ts). */
  applyOutbox(ops: readonly OutboxOp[]): ClaimedRow[][] {
    return this.outbox.apply(ops);
  }
  async countRepliesSent(site: string, since: string): Promise<number> {
    // An e-mail is delivered after it was queued: those queued a day before `since` are enough to look at.
    return this.outbox.countRepliesSent(site, since, new Date(Date.parse(since) - DAY_MS).toISOString());
  }
  async countPending(kind: DeliveryKind): Promise<number> {
    return this.outbox.countPending(kind);
  }
  async listDeliveries(site: string, query: DeliveryListQuery) {
    return this.outbox.list(site, query);
  }
  async retryDelivery(site: string, id: string, now: string) {
    return this.outbox.retry(site, id, now);
  }
}
