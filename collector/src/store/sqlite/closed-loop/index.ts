import type { Database } from 'better-sqlite3';
import type { CaseFilter, DeliveryListQuery, Rule, WebhookEndpoint, WebhookEvent } from '@touchpoint/shared';
import { evaluate, verbatimOf } from '../../../closed-loop/evaluate.js';
import { normalAddress, replyIntervalStart } from '../../../closed-loop/reply-limits.js';
import type { CaseChange, CasePageQuery, ClosedLoopStore, DeliveryKind } from '../../closed-loop-store.js';
import { isoAt } from '../../../lib/iso-time.js';
import type { ResponseRecord } from '../../store.js';
import { SqliteCases } from './cases.js';
import { SqliteLoopCatalog } from './catalog.js';
import { LoopConfigCache } from './loop-config.js';
import { SqliteOutbox } from './outbox.js';

/** Milliseconds in an hour, for due dates. */
const HOUR_MS = 3_600_000;
/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/**
 * The closed loop on SQLite. `onResponseSaved` is the write path's hook: it runs inside the group-commit
 * transaction (synchronously, never committing), so the cases and outbox rows it adds commit with the
 * response, or roll back with it.
 */
export class SqliteClosedLoop implements ClosedLoopStore {
  private readonly catalog: SqliteLoopCatalog;
  private readonly config: LoopConfigCache;
  private readonly outbox: SqliteOutbox;
  private readonly cases: SqliteCases;

  /** `onEdit` hears of every rule or endpoint edit, so that a writer on another thread can forget its cache. */
  constructor(
    db: Database,
    private readonly onEdit?: (site: string) => void,
  ) {
    this.catalog = new SqliteLoopCatalog(db);
    this.config = new LoopConfigCache(db, this.catalog);
    this.outbox = new SqliteOutbox(db, this.catalog);
    this.cases = new SqliteCases(db);
  }

  /**
   * Called by the write path after a response row was created (`before` null) or merged. Emits
   * `response.created` for a new row, and when the response is complete for the first time emits
   * `response.completed` and runs the site's rules.
   */
  onResponseSaved(before: { partial: number } | null, after: ResponseRecord): void {
    const site = after.site;
    let config = this.config.get(site);
    if (!config.surveys.has(after.survey)) {
      // A survey created within the cache's lifetime: read again rather than run rules without it.
      this.config.invalidate(site);
      config = this.config.get(site);
    }
    const now = isoAt(Date.now());
    const data = { response: after };
    if (before === null) this.outbox.emit(config, site, 'response.created', data, after.id, now);
    if (after.partial || (before !== null && before.partial === 0)) return;
    this.outbox.emit(config, site, 'response.completed', data, after.id, now);

    const survey = config.surveys.get(after.survey);
    const plan = evaluate({
      response: after,
      survey,
      touchpointName: config.touchpoints.get(after.touchpoint) ?? after.touchpoint,
      rules: config.rules,
    });
    // One reply per address per site in the interval: a batch naming one address twenty times sends one
    // (rows of the same transaction are seen), and so does a respondent answering every day.
    if (plan.reply && !this.outbox.repliedTo(site, normalAddress(plan.reply.to), replyIntervalStart(now))) {
      const { to, subject, text } = plan.reply;
      this.outbox.email(site, after.id, { to, subject, text }, now);
    }
    if (plan.openCase) {
      const score = plan.openCase.score;
      const opened = this.cases.open(
        {
          site,
          responseId: after.id,
          touchpoint: after.touchpoint,
          score: score?.value ?? null,
          band: score?.band ?? null,
          verbatim: verbatimOf(after, survey),
          contact: plan.reply?.to ?? null,
          openedAt: now,
          dueAt: new Date(Date.parse(now) + config.slaHours * HOUR_MS).toISOString(),
        },
        now,
      );
      if (opened) this.outbox.emit(config, site, 'case.opened', { case: opened }, after.id, now);
    }
    for (const w of plan.webhooks) {
      this.outbox.emit(config, site, 'rule.matched', { rule: w.rule, response: after }, after.id, now, w.endpoint);
    }
  }

  // ---- rules and endpoints: every edit invalidates the write path's cache of the site

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
    this.invalidateConfig(site);
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
    this.invalidateConfig(site);
    return changed;
  }

  /** Forgets the cached rules, endpoints and surveys of a site (here and, through `onEdit`, in the writer). */
  invalidateConfig(site: string): void {
    this.config.invalidate(site);
    this.onEdit?.(site);
  }

  /** Forgets what is cached of every site, here only: the write path calls it after a rollback. */
  forgetAllConfig(): void {
    this.config.clear();
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
      this.outbox.emit(this.config.get(site), site, 'case.updated', { case: c }, c.response, change.at);
    });
  }
  async backdateCases(site: string) {
    return this.cases.backdate(site);
  }
  async caseSummary(site: string, now: string, filter?: CaseFilter) {
    return this.cases.summary(site, now, filter);
  }

  // ---- outbox

  async claimDeliveries(o: { kinds: DeliveryKind[]; limit: number; leaseMs: number; now: string }) {
    return this.outbox.claimDue(o.kinds, o.limit, o.leaseMs, o.now);
  }
  async markDelivered(id: string, at: string): Promise<void> {
    this.outbox.markDelivered(id, at);
  }
  async markFailed(id: string, error: string, retryAt: string | null): Promise<void> {
    this.outbox.markFailed(id, error, retryAt);
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
