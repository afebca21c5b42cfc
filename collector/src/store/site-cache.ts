import type { Rule, Site, Survey, Touchpoint, WebhookEndpoint, WebhookEvent } from '@touchpoint/shared';
import type { PlanSite } from './plan/plan-site.js';
import { typeAtArrival, type TypeSpan } from './plan/type-at-arrival.js';
import type { QuestionTypeSpan } from './store.js';

/**
 * How long a site stays cached. The store's edit verbs invalidate at once; an edit made by another
 * collector sharing the database is seen within this time (PostgreSQL tells the others sooner).
 */
export const SITE_CACHE_TTL_MS = 5000;

/** A site as its store loads it. */
export interface SiteData {
  site: Site;
  touchpoints: Touchpoint[];
  surveys: Survey[];
  /** every rule, in evaluation order */
  rules: Rule[];
  /** every webhook endpoint */
  webhooks: WebhookEndpoint[];
  /** the type history of every question, archived surveys' too, oldest first per question */
  questionTypes: QuestionTypeSpan[];
}

/**
 * The port a store loads sites through. SQLite answers synchronously, so its write path can read the
 * cache inside a transaction (`getSync`); an asynchronous store uses `get`.
 */
export interface SiteSource {
  /** the site with everything the cache holds of it; null when there is no such site */
  loadSite(key: string): SiteData | null | Promise<SiteData | null>;
  /** every origin any site allows */
  loadOrigins(): string[] | Promise<string[]>;
}

/** Question types of no survey. */
const NO_TYPES: ReadonlyMap<string, string> = new Map();

/** One site as cached: what the hot paths read (ingest, widget config, the write plan). Never changed. */
export class SiteSnapshot implements PlanSite {
  readonly site: Site;
  readonly surveys: Map<string, Survey>;
  readonly touchpoints: Map<string, Touchpoint>;
  readonly rules: readonly Rule[];
  readonly endpointIds: ReadonlySet<string>;
  readonly subscribers: ReadonlyMap<WebhookEvent, readonly string[]>;
  readonly slaHours: number;
  readonly timeZone: string;
  /** what callers build from the snapshot once (widget configs per locale), keyed by them */
  readonly configs = new Map<string, unknown>();
  private readonly types = new Map<string, ReadonlyMap<string, string>>();
  /** survey → question → type history */
  private readonly history = new Map<string, Map<string, TypeSpan[]>>();

  constructor(
    data: SiteData,
    /** Date.now() after which the snapshot is stale */
    readonly expires: number,
  ) {
    this.site = data.site;
    this.surveys = new Map(data.surveys.map((s) => [s.id, s]));
    this.touchpoints = new Map(data.touchpoints.map((t) => [t.id, t]));
    this.rules = data.rules.filter((r) => r.active);
    const endpoints = data.webhooks.filter((e) => e.active);
    const subscribers = new Map<WebhookEvent, string[]>();
    for (const e of endpoints) {
      for (const event of new Set(e.events)) subscribers.set(event, [...(subscribers.get(event) ?? []), e.id]);
    }
    this.endpointIds = new Set(endpoints.map((e) => e.id));
    this.subscribers = subscribers;
    this.slaHours = data.site.settings.followUpSlaHours;
    this.timeZone = data.site.settings.timeZone;
    for (const { survey, question, since, qtype } of data.questionTypes) {
      let questions = this.history.get(survey);
      if (!questions) this.history.set(survey, (questions = new Map()));
      const spans = questions.get(question);
      if (spans) spans.push({ since, qtype });
      else questions.set(question, [{ since, qtype }]);
    }
  }

  typeAt(survey: string, question: string, receivedAt: string): string | null {
    return typeAtArrival(this.history.get(survey)?.get(question) ?? [], receivedAt);
  }

  questionTypes(survey: string): ReadonlyMap<string, string> {
    let types = this.types.get(survey);
    if (!types) {
      const s = this.surveys.get(survey);
      if (!s) return NO_TYPES;
      types = new Map(s.questions.map((q) => [q.id, q.type]));
      this.types.set(survey, types);
    }
    return types;
  }
}

/**
 * THE cache of sites (site, touchpoints, surveys with their question types, rules, webhook endpoints) for
 * everything that reads them on a hot path. Entries live `SITE_CACHE_TTL_MS`; `invalidate(site)` is called
 * by the store's edit verbs (routes never do) and, in a store shared by several processes, when another
 * one reports an edit. Listeners hear of each invalidation (the SQLite writer thread keeps its own cache).
 */
export class SiteCache {
  private readonly sites = new Map<string, SiteSnapshot>();
  private origins: { set: ReadonlySet<string>; expires: number } | null = null;
  private readonly listeners: ((site: string) => void)[] = [];
  /** bumped by each invalidation, so that a load running across one is not kept */
  private generation = 0;
  /**
   * Loads under way, with the generation each started in. Misses of a site in the same generation wait for its
   * load instead of starting their own: when an entry expires under load, the requests that miss it meanwhile
   * (dozens, on PostgreSQL, while its six queries run) would each read the whole site again.
   */
  private readonly loading = new Map<string, { generation: number; load: Promise<SiteSnapshot | null> }>();

  constructor(
    private readonly source: SiteSource,
    private readonly ttlMs = SITE_CACHE_TTL_MS,
  ) {}

  /** The site, loaded on a miss; null when there is no such site (not cached, so made-up keys cost no memory). */
  async get(key: string): Promise<SiteSnapshot | null> {
    const hit = this.fresh(key);
    if (hit) return hit;
    const generation = this.generation;
    const running = this.loading.get(key);
    // One started before an invalidation may hold what was edited since: not joined.
    if (running && running.generation === generation) return running.load;
    const load = (async () => this.keep(key, await this.source.loadSite(key), generation))();
    this.loading.set(key, { generation, load });
    try {
      return await load;
    } finally {
      if (this.loading.get(key)?.load === load) this.loading.delete(key);
    }
  }

  /** The site if it is cached and fresh, without loading it: the hot path's lookup, spared a promise on a hit. */
  peek(key: string): SiteSnapshot | undefined {
    return this.fresh(key);
  }

  /**
   * The site, read synchronously (SQLite's write path, inside its transaction). A snapshot without
   * `withSurvey` is read again: a survey created within the cache's lifetime, by another collector.
   */
  getSync(key: string, withSurvey?: string): SiteSnapshot | null {
    const hit = this.fresh(key);
    if (hit && (withSurvey === undefined || hit.surveys.has(withSurvey))) return hit;
    const data = this.source.loadSite(key);
    if (data instanceof Promise) throw new Error('SiteCache.getSync needs a synchronous SiteSource');
    return this.keep(key, data, this.generation);
  }

  /** Every origin any site allows (for CORS preflights, which carry no site). */
  async allOrigins(): Promise<ReadonlySet<string>> {
    if (this.origins && this.origins.expires > Date.now()) return this.origins.set;
    const generation = this.generation;
    const set = new Set(await this.source.loadOrigins());
    if (generation === this.generation) this.origins = { set, expires: Date.now() + this.ttlMs };
    return set;
  }

  /** Forgets a site (and the origins) after an edit of anything the cache holds of it. */
  invalidate(key: string): void {
    this.generation++;
    this.sites.delete(key);
    this.origins = null;
    for (const listener of this.listeners) listener(key);
  }

  /** Calls `listener` with the key of each site invalidated from now on. */
  onInvalidate(listener: (site: string) => void): void {
    this.listeners.push(listener);
  }

  private fresh(key: string): SiteSnapshot | undefined {
    const cached = this.sites.get(key);
    return cached && cached.expires > Date.now() ? cached : undefined;
  }

  private keep(key: string, data: SiteData | null, generation: number): SiteSnapshot | null {
    if (data === null) {
      this.sites.delete(key);
      return null;
    }
    const snapshot = new SiteSnapshot(data, Date.now() + this.ttlMs);
    if (generation === this.generation) this.sites.set(key, snapshot);
    return snapshot;
  }
}
