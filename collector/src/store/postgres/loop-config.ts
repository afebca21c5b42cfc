import type { Rule, Survey, WebhookEvent } from '@touchpoint/shared';
import type { Queryable } from './db.js';

/**
 * How long a site's closed-loop configuration is cached. Edits through this store invalidate at once;
 * other collectors sharing the database see them within this time.
 */
const LOOP_CONFIG_TTL_MS = 5000;
/** The follow-up SLA of a site whose settings predate `followUpSlaHours`. */
const DEFAULT_SLA_HOURS = 48;

/** What the write path needs to run a site's rules. */
export interface LoopConfig {
  rules: Rule[];
  /** ids of the active endpoints (a rule's webhook action may name any of them) */
  endpointIds: ReadonlySet<string>;
  /** event → the active endpoints subscribed to it */
  subscribers: ReadonlyMap<WebhookEvent, readonly string[]>;
  slaHours: number;
  surveys: Map<string, Survey>;
  /** touchpoint id → name */
  touchpoints: Map<string, string>;
  expires: number;
}

/** A short-lived cache of each site's rules, endpoints, surveys, touchpoints and SLA (as on SQLite). */
export class PgLoopConfigCache {
  private readonly sites = new Map<string, Promise<LoopConfig>>();

  constructor(private readonly db: Queryable) {}

  /** The site's configuration, loaded on a miss (one load at a time per site). */
  async get(site: string): Promise<LoopConfig> {
    const cached = this.sites.get(site);
    if (cached) {
      const config = await cached;
      if (config.expires > Date.now()) return config;
      if (this.sites.get(site) === cached) this.sites.delete(site);
      return this.get(site);
    }
    const loading = this.load(site);
    this.sites.set(site, loading);
    loading.catch(() => this.sites.delete(site));
    return loading;
  }

  private async load(site: string): Promise<LoopConfig> {
    const [rules, hooks, surveys, touchpoints, settings] = await Promise.all([
      this.db.query<{ definition: Rule }>('SELECT definition FROM rules WHERE site = $1 ORDER BY position, id', [site]),
      this.db.query<{ id: string; events: WebhookEvent[] }>(
        'SELECT id, events FROM webhooks WHERE site = $1 AND active ORDER BY created_at, id',
        [site],
      ),
      this.db.query<{ definition: Survey }>('SELECT definition FROM surveys WHERE site = $1', [site]),
      this.db.query<{ id: string; name: string }>('SELECT id, name FROM touchpoints WHERE site = $1', [site]),
      this.db.query<{ sla: number | null }>(
        "SELECT (settings ->> 'followUpSlaHours')::float8 AS sla FROM sites WHERE key = $1",
        [site],
      ),
    ]);
    const subscribers = new Map<WebhookEvent, string[]>();
    for (const e of hooks.rows) {
      for (const event of new Set(e.events)) subscribers.set(event, [...(subscribers.get(event) ?? []), e.id]);
    }
    return {
      rules: rules.rows.map((r) => r.definition).filter((r) => r.active),
      endpointIds: new Set(hooks.rows.map((e) => e.id)),
      subscribers,
      surveys: new Map(surveys.rows.map((r) => [r.definition.id, r.definition])),
      touchpoints: new Map(touchpoints.rows.map((t) => [t.id, t.name])),
      slaHours: settings.rows[0]?.sla ?? DEFAULT_SLA_HOURS,
      expires: Date.now() + LOOP_CONFIG_TTL_MS,
    };
  }

  /** Forgets a site after an edit of its settings, surveys, touchpoints, rules or endpoints. */
  invalidate(site: string): void {
    this.sites.delete(site);
  }
}
