import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Rule, WebhookEndpoint, WebhookEvent } from '@touchpoint/shared';
import { defaultRules } from '../../../closed-loop/default-rules.js';
import type { WebhookTarget } from '../../closed-loop-store.js';

interface WebhookRow {
  id: string;
  site: string;
  url: string;
  events: string;
  secret: string;
  active: number;
  created_at: string;
}

const toEndpoint = (r: WebhookRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  active: r.active === 1,
  createdAt: r.created_at,
});

/**
 * Rules and webhook endpoints in SQLite, with synchronous verbs so that the write path (inside the
 * group-commit transaction) can read them too. A site's default rules are created with the site (and by
 * migration 005 for older sites), never on a read: a read-only key's GET writes nothing.
 */
export class SqliteLoopCatalog {
  private readonly selectRules: Statement<[string], { definition: string }>;
  private readonly markDefaults: Statement;
  private readonly insertRule: Statement;
  private readonly selectWebhooks: Statement<[string], WebhookRow>;
  private readonly selectWebhook: Statement<[string], WebhookRow>;

  constructor(private readonly db: Database) {
    this.selectRules = db.prepare('SELECT definition FROM rules WHERE site = ? ORDER BY position, id');
    this.markDefaults = db.prepare('INSERT INTO rule_defaults (site, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.insertRule = db.prepare(`INSERT INTO rules (site, id, position, definition, created_at, updated_at)
      VALUES (@site, @id, (SELECT coalesce(max(position), 0) + 1 FROM rules WHERE site = @site), @definition,
      @now, @now) ON CONFLICT DO NOTHING`);
    this.selectWebhooks = db.prepare('SELECT * FROM webhooks WHERE site = ? ORDER BY created_at, id');
    this.selectWebhook = db.prepare('SELECT * FROM webhooks WHERE id = ?');
  }

  /**
   * Creates the default rules of a site just created, in the caller's transaction; once per site
   * (`rule_defaults` remembers it, so a deleted default rule stays deleted).
   */
  createDefaultRules(site: string, now: string): void {
    if (this.markDefaults.run(site, now).changes === 0) return;
    for (const r of defaultRules()) this.insertRule.run({ site, id: r.id, definition: JSON.stringify(r), now });
  }

  rules(site: string): Rule[] {
    return this.selectRules.all(site).map((r) => JSON.parse(r.definition) as Rule);
  }
  rule(site: string, id: string): Rule | null {
    const row = this.db.prepare('SELECT definition FROM rules WHERE site = ? AND id = ?').get(site, id) as
      { definition: string } | undefined;
    return row ? (JSON.parse(row.definition) as Rule) : null;
  }
  createRule(site: string, rule: Rule): boolean {
    const now = new Date().toISOString();
    return this.insertRule.run({ site, id: rule.id, definition: JSON.stringify(rule), now }).changes === 1;
  }
  updateRule(site: string, rule: Rule): boolean {
    const r = this.db
      .prepare('UPDATE rules SET definition = ?, updated_at = ? WHERE site = ? AND id = ?')
      .run(JSON.stringify(rule), new Date().toISOString(), site, rule.id);
    return r.changes === 1;
  }
  deleteRule(site: string, id: string): boolean {
    return this.db.prepare('DELETE FROM rules WHERE site = ? AND id = ?').run(site, id).changes === 1;
  }

  webhooks(site: string): WebhookEndpoint[] {
    return this.selectWebhooks.all(site).map(toEndpoint);
  }
  webhook(site: string, id: string): WebhookEndpoint | null {
    const row = this.selectWebhook.get(id);
    return row && row.site === site ? toEndpoint(row) : null;
  }
  /** The endpoint's URL and secret, for signing a delivery; null when it has been deleted. */
  webhookTarget(id: string): WebhookTarget | null {
    const row = this.selectWebhook.get(id);
    return row ? { url: row.url, secret: row.secret, active: row.active === 1 } : null;
  }
  createWebhook(site: string, e: { url: string; events: WebhookEvent[]; active: boolean }, secret: string) {
    const endpoint: WebhookEndpoint = { id: randomUUID(), ...e, createdAt: new Date().toISOString() };
    this.db
      .prepare(
        `INSERT INTO webhooks (id, site, url, events, secret, active, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        endpoint.id,
        site,
        e.url,
        JSON.stringify(e.events),
        secret,
        e.active ? 1 : 0,
        endpoint.createdAt,
        endpoint.createdAt,
      );
    return endpoint;
  }
  updateWebhook(site: string, e: WebhookEndpoint): boolean {
    const r = this.db
      .prepare('UPDATE webhooks SET url = ?, events = ?, active = ?, updated_at = ? WHERE site = ? AND id = ?')
      .run(e.url, JSON.stringify(e.events), e.active ? 1 : 0, new Date().toISOString(), site, e.id);
    return r.changes === 1;
  }
  rotateWebhookSecret(site: string, id: string, secret: string): boolean {
    const r = this.db
      .prepare('UPDATE webhooks SET secret = ?, updated_at = ? WHERE site = ? AND id = ?')
      .run(secret, new Date().toISOString(), site, id);
    return r.changes === 1;
  }
  deleteWebhook(site: string, id: string): boolean {
    return this.db.prepare('DELETE FROM webhooks WHERE site = ? AND id = ?').run(site, id).changes === 1;
  }
}
