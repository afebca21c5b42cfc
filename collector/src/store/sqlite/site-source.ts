import type { Database, Statement } from 'better-sqlite3';
import type { SiteData, SiteSource } from '../site-cache.js';
import type { QuestionTypeSpan } from '../store.js';
import { SqliteLoopCatalog } from './closed-loop/catalog.js';
import { toSite, toSurvey, toTouchpoint, type SiteRow, type TouchpointRow } from './rows.js';

/** The site cache's port on SQLite: synchronous, so the write path can load a site inside its transaction. */
export class SqliteSiteSource implements SiteSource {
  private readonly selectSite: Statement<[string], SiteRow>;
  private readonly selectTouchpoints: Statement<[string], TouchpointRow>;
  private readonly selectSurveys: Statement<[string], { definition: string }>;
  private readonly selectTypes: Statement<[string], QuestionTypeSpan>;
  private readonly selectOrigins: Statement<[], { origins: string }>;
  private readonly catalog: SqliteLoopCatalog;

  constructor(db: Database) {
    this.selectSite = db.prepare('SELECT * FROM sites WHERE key = ?');
    this.selectTouchpoints = db.prepare('SELECT * FROM touchpoints WHERE site = ? ORDER BY id');
    // Archived surveys (deleted with answers) are not served; their answers' types are in question_types.
    this.selectSurveys = db.prepare(
      'SELECT definition FROM surveys WHERE site = ? AND archived_at IS NULL ORDER BY id',
    );
    this.selectTypes = db.prepare(
      'SELECT survey, question, since, qtype FROM question_types WHERE site = ? ORDER BY survey, question, since',
    );
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
      questionTypes: this.selectTypes.all(key),
    };
  }

  loadOrigins(): string[] {
    return this.selectOrigins.all().flatMap((r) => JSON.parse(r.origins) as string[]);
  }
}
