import type { Rule } from '@touchpoint/shared';
import type { SiteData, SiteSource } from '../site-cache.js';
import type { Queryable } from './db.js';
import { listQuestionTypes } from './question-types.js';
import { toSite, toSurvey, toTouchpoint, type SiteRow, type TouchpointRow } from './rows.js';
import { toEndpoint, type WebhookRow } from './webhook-rows.js';

/** The site cache's port on PostgreSQL: a site with everything the cache holds of it, in one round of queries. */
export class PgSiteSource implements SiteSource {
  constructor(private readonly db: Queryable) {}

  async loadSite(key: string): Promise<SiteData | null> {
    const [site, touchpoints, surveys, rules, webhooks, questionTypes] = await Promise.all([
      this.db.query<SiteRow>('SELECT * FROM sites WHERE key = $1', [key]),
      this.db.query<TouchpointRow>('SELECT * FROM touchpoints WHERE site = $1 ORDER BY id', [key]),
      // Archived surveys (deleted with answers) are not served; their answers' types are in question_types.
      this.db.query<{ definition: unknown }>(
        'SELECT definition FROM surveys WHERE site = $1 AND archived_at IS NULL ORDER BY id',
        [key],
      ),
      this.db.query<{ definition: Rule }>('SELECT definition FROM rules WHERE site = $1 ORDER BY position, id', [key]),
      this.db.query<WebhookRow>('SELECT * FROM webhooks WHERE site = $1 ORDER BY created_at, id', [key]),
      listQuestionTypes(this.db, key),
    ]);
    const row = site.rows[0];
    if (!row) return null;
    return {
      site: toSite(row),
      touchpoints: touchpoints.rows.map(toTouchpoint),
      surveys: surveys.rows.map(toSurvey),
      rules: rules.rows.map((r) => r.definition),
      webhooks: webhooks.rows.map(toEndpoint),
      questionTypes,
    };
  }

  async loadOrigins(): Promise<string[]> {
    const { rows } = await this.db.query<{ origins: string[] }>('SELECT origins FROM sites');
    return rows.flatMap((r) => r.origins);
  }
}
