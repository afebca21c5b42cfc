import type { StoredResponse } from '@touchpoint/shared';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { ResponsePage, ResponseQuery } from '../store.js';
import type { Queryable } from './db.js';
import { toResponse, type ResponseRow } from './rows.js';
import { VERIFIED_BY_RECEIPT, Where } from './score-queries.js';

// Listing and exporting a site's responses (Store.listResponses, Store.exportResponses) on PostgreSQL.

/** Rows read per page when exporting, so memory stays flat on big exports. */
const EXPORT_PAGE = 1000;

/** Normalises an ISO date or timestamp to the UTC timestamp form the tables store. */
const toIso = (value: string): string => new Date(value).toISOString();

/** The WHERE clause selecting a site's responses that match a filter. */
function responseFilter(site: string, f: ResponseQuery): Where {
  const where = new Where().and('site = {}', site);
  if (f.survey) where.and('survey = {}', f.survey);
  if (f.touchpoint) where.and('touchpoint = {}', f.touchpoint);
  if (f.channel) where.and('channel = {}', f.channel);
  if (f.from) where.and('created_at >= {}', toIso(f.from));
  if (f.before) where.and('created_at < {}', toIso(f.before));
  if (f.partial !== undefined) where.and('partial = {}', f.partial);
  if (f.flagged !== undefined) where.and('flagged = {}', f.flagged);
  if (f.respondent) where.and('{} IN (respondent_id, respondent_email)', f.respondent);
  if (f.verified === 'receipt') where.and(VERIFIED_BY_RECEIPT);
  return where;
}

/** A page of matching responses, newest first, after the cursor: (created at, id) of the last row. */
export async function listResponses(
  db: Queryable,
  site: string,
  filter: ResponseQuery,
  page: { limit: number; cursor?: string },
): Promise<ResponsePage> {
  const where = responseFilter(site, filter);
  if (page.cursor !== undefined) {
    // The route has checked the cursor; an unreadable one would read as "after the end".
    const [createdAt, id] = decodeCursor(page.cursor) ?? ['', ''];
    where.and(`(created_at, id) < (${where.param(createdAt)}, {})`, id);
  }
  const { rows } = await db.query<ResponseRow>(
    `SELECT * FROM responses WHERE ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ${where.param(page.limit + 1)}`,
    where.params,
  );
  const items = rows.slice(0, page.limit).map(toResponse);
  const last = items[items.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null;
  return { items, nextCursor };
}

/** Every matching response, newest first, read in pages. */
export async function* exportResponses(
  db: Queryable,
  site: string,
  filter: ResponseQuery,
): AsyncIterable<StoredResponse> {
  let cursor: string | undefined;
  do {
    const page = await listResponses(db, site, filter, { limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
