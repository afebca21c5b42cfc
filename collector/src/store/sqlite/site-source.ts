import type { Database, Statement } from 'better-sqlite3';
import type { SiteData, SiteSource } from '../site-cache.js';
import { SqliteLoopCatalog } from './closed-loop/catalog.js';
import { toSite, toSurvey, toTouchpoint, type SiteRow, type TouchpointRow } from './rows.js';

/** The site cache's port on SQLite: synchronous, so the write path can load a site inside its transaction. */
export class SqliteSiteSource implements SiteSource {
  private readonly selectSite: Statement<[string], SiteRow>;
  private readonly selectTouchpoints: Statement<[string], TouchpointRow>;
  private readonly selectSurveys: Statement<[string], { definition: string }>;
  private readonly selectOrigins: Statement<[], { origins: string }>;
  private readonly catalog: SqliteLoopCatalog;

  constructor(db: Database) {
    this.selectSite = db.prepare('SELECT * FROM sites WHERE key = ?');
    this.selectTouchpoints = db.prepare('SELECT * FROM touchpoints WHERE site = ? ORDER BY id');
    this.selectSurveys = db.prepare('SELECT definition FROM surveys WHERE site = ? ORDER BY id');
    this.selectOrigins = db.prepare('SELECT origins FROM sites');
    this.catalog = new SqliteLoopCatalog(db);
  }

  loadSite(key: string): SiteData | null {
    const row = this.selectSite.get(key);
    if (!row) return null;
    return {
      site: toSite(row),
      touchpoints: this.selectTouchpoints.all(key).map(toTouchpoint),
      surveys: this.selectSurveys.all(key).map(toSurvey),
      rules: this.catalog.rules(key),
      webhooks: this.catalog.webhooks(key),
    };
  }

  loadOrigins(): string[] {
    return this.selectOrigins.all().flatMap((r) => JSON.parse(r.origins) as string[]);
  }
}
