import type { Database, Statement } from 'better-sqlite3';
import type { Rule, Survey, WebhookEvent } from '@touchpoint/shared';
import type { SqliteLoopCatalog } from './catalog.js';

/** How long a site's closed-loop configuration is cached. Edits through this store invalidate at once;
 * other collectors sharing the database (scale-out) see them within this time. */
const LOOP_CONFIG_TTL_MS = 5000;
/** The follow-up SLA of a site whose settings predate `followUpSlaHours`. */
export const DEFAULT_SLA_HOURS = 48;

/** What the write path needs to run a site's rules, read synchronously and cached. */
export interface LoopConfig {
  rules: Rule[];
  /** ids of the active endpoints (a rule's webhook action may name any of them) */
  endpointIds: ReadonlySet<string>;
  /** event → the active endpoints subscribed to it (absent: none, so emitting it does nothing) */
  subscribers: ReadonlyMap<WebhookEvent, readonly string[]>;
  /** the site's follow-up SLA in hours: a case is due by the SLA of the day it opens */
  slaHours: number;
  surveys: Map<string, Survey>;
  /** touchpoint id → its name */
  touchpoints: Map<string, { name: string }>;
  expires: number;
}

/**
 * A short-lived cache of each site's rules, endpoints, surveys, touchpoints and follow-up SLA for the
 * write path. Every edit through the store invalidates the site at once (a settings edit too).
 */
export class LoopConfigCache {
  private readonly sites = new Map<string, LoopConfig>();
  private readonly selectSettings: Statement<[string], { settings: string }>;
  private readonly selectSurveys: Statement<[string], { definition: string }>;
  private readonly selectTouchpoints: Statement<[string], { id: string; name: string }>;

  constructor(
    db: Database,
    private readonly catalog: SqliteLoopCatalog,
  ) {
    this.selectSettings = db.prepare('SELECT settings FROM sites WHERE key = ?');
    this.selectSurveys = db.prepare('SELECT definition FROM surveys WHERE site = ?');
    this.selectTouchpoints = db.prepare('SELECT id, name FROM touchpoints WHERE site = ?');
  }

  /** The site's configuration, loaded on a miss. */
  get(site: string): LoopConfig {
    const cached = this.sites.get(site);
    if (cached && cached.expires > Date.now()) return cached;
    const endpoints = this.catalog.webhooks(site).filter((e) => e.active);
    const subscribers = new Map<WebhookEvent, string[]>();
    for (const e of endpoints) {
      for (const event of new Set(e.events)) subscribers.set(event, [...(subscribers.get(event) ?? []), e.id]);
    }
    const config: LoopConfig = {
      rules: this.catalog.rules(site).filter((r) => r.active),
      endpointIds: new Set(endpoints.map((e) => e.id)),
      subscribers,
      surveys: new Map(
        this.selectSurveys.all(site).map((r) => {
          const s = JSON.parse(r.definition) as Survey;
          return [s.id, s];
        }),
      ),
      touchpoints: new Map(this.selectTouchpoints.all(site).map((t) => [t.id, { name: t.name }])),
      slaHours: this.slaHours(site),
      expires: Date.now() + LOOP_CONFIG_TTL_MS,
    };
    this.sites.set(site, config);
    return config;
  }

  /** The site's follow-up SLA in hours as stored. */
  private slaHours(site: string): number {
    const row = this.selectSettings.get(site);
    const sla = row ? (JSON.parse(row.settings) as { followUpSlaHours?: number }).followUpSlaHours : undefined;
    return sla ?? DEFAULT_SLA_HOURS;
  }

  /** Forgets a site after an edit of its settings, surveys, touchpoints, rules or endpoints. */
  invalidate(site: string): void {
    this.sites.delete(site);
  }

  /** Forgets every site (after a rollback, which may have undone what was read while loading one). */
  clear(): void {
    this.sites.clear();
  }
}
