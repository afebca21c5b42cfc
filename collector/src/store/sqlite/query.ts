import type { ResponseQuery } from '../store.js';

/** A WHERE clause with named parameters. */
export interface Where {
  sql: string;
  params: Record<string, string | number>;
}

/** Normalises an ISO date or timestamp to the UTC timestamp form the tables store. */
export const toIso = (value: string): string => new Date(value).toISOString();

/** The WHERE clause selecting a site's responses that match a filter. */
export function responseWhere(site: string, f: ResponseQuery): Where {
  const where: Where = { sql: 'site = @site', params: { site } };
  const add = (sql: string, name: string, value: string | number) => {
    where.sql += ` AND ${sql}`;
    where.params[name] = value;
  };
  if (f.survey) add('survey = @survey', 'survey', f.survey);
  if (f.touchpoint) add('touchpoint = @touchpoint', 'touchpoint', f.touchpoint);
  if (f.channel) add('channel = @channel', 'channel', f.channel);
  if (f.from) add('created_at >= @from', 'from', toIso(f.from));
  if (f.before) add('created_at < @before', 'before', toIso(f.before));
  if (f.partial !== undefined) add('partial = @partial', 'partial', f.partial ? 1 : 0);
  if (f.flagged !== undefined) add('flagged = @flagged', 'flagged', f.flagged ? 1 : 0);
  // As VERIFIED_BY_RECEIPT in score-queries.ts: a receipt scan led to it and it arrived in the window.
  if (f.verified === 'receipt') {
    where.sql += ` AND EXISTS (SELECT 1 FROM receipt_scans vs WHERE vs.site = responses.site
      AND vs.response_id = responses.id AND responses.received_at <= vs.valid_until)`;
  }
  if (f.respondent) add('(respondent_id = @respondent OR respondent_email = @respondent)', 'respondent', f.respondent);
  return where;
}
