import type pg from 'pg';
import type { Survey } from '@touchpoint/shared';
import { rollupDeltas } from '../plan/rollup-contribution.js';
import { withoutCommentsOf, type NotifyPayload } from '../../closed-loop/notify.js';
import { emailKey } from '../../lib/email-key.js';
import type { RespondentErasure, RetentionAction } from '../store.js';
import { inTransaction, json } from './db.js';
import { typeHistory } from './question-types.js';
import { lockSiteZones } from './site-zones.js';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import { RollupDeltas } from './rollup-deltas.js';
import type { ResponseRow } from './rows.js';

/** Question types whose answers are the respondent's own words (or address): removed by anonymisation. */
const FREE_TEXT_TYPES = new Set(['text', 'contact']);
/** Responses retention treats per transaction, so a first run over years of responses never holds locks long. */
const RETENTION_BATCH = 500;

/**
 * Deletes responses in the caller's transaction and takes their contributions out of the rollups.
 * `where` selects from `responses` with the given parameters. Returns how many went.
 */
export async function deleteResponses(db: pg.PoolClient, where: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<ResponseRow>(`DELETE FROM responses WHERE ${where} RETURNING *`, params);
  const rollups = new RollupDeltas();
  // Each answer leaves the rollup row of the type it was counted under (type at arrival).
  const sites = [...new Set(rows.map((r) => r.site))];
  const types = await typeHistory(db, sites);
  // On the local day of each site's zone, as counted (the lock keeps a zone change from recounting meanwhile).
  const zones = await lockSiteZones(db, sites);
  for (const r of rows) rollups.stage(rollupDeltas(r, -1, types, zones.get(r.site) ?? DEFAULT_TIME_ZONE));
  await rollups.flush(db);
  return rows.length;
}

/**
 * Erasure and retention on PostgreSQL. A deleted row's bytes stay in the table's pages until VACUUM
 * reuses them (autovacuum does, soon after); see README, "Privacy".
 */
export class PgErasure {
  constructor(private readonly pool: pg.Pool) {}

  /** See `Store.deleteRespondent`. */
  async eraseRespondent(site: string, respondent: string): Promise<RespondentErasure> {
    const key = emailKey(respondent);
    // One indexed lookup per way of matching: an OR across the three columns would scan the site's rows.
    const ids = `SELECT id FROM responses WHERE site = $1 AND respondent_id = $2
      UNION SELECT id FROM responses WHERE site = $1 AND email_key = $3
      UNION SELECT id FROM responses WHERE site = $1 AND contact_key = $3`;
    const params = [site, respondent, key];
    return inTransaction(this.pool, async (client) => {
      // Cases and outbox rows would go with their response (ON DELETE CASCADE); deleted first to count them.
      const cases = (await client.query(`DELETE FROM cases WHERE response_id IN (${ids})`, params)).rowCount ?? 0;
      const deliveries = (await client.query(`DELETE FROM outbox WHERE response_id IN (${ids})`, params)).rowCount ?? 0;
      const erased = (await client.query<{ id: string }>(ids, params)).rows.map((r) => r.id);
      await scrubDigests(client, site, erased);
      await forgetReceipts(client, site, erased, 'delete');
      const responses = await deleteResponses(client, `id IN (${ids})`, params);
      return { responses, cases, deliveries, notes: [] };
    });
  }

  /** See `Store.applyRetention`: in batches, each its own short transaction; rollups keep counting. */
  async applyRetention(site: string, before: string, action: RetentionAction): Promise<number> {
    let changed = 0;
    for (;;) {
      const batch = await inTransaction(this.pool, (client) =>
        action === 'delete' ? this.deleteOld(client, site, before) : this.anonymiseOld(client, site, before),
      );
      changed += batch;
      if (batch < RETENTION_BATCH) return changed;
    }
  }

  private async deleteOld(db: pg.PoolClient, site: string, before: string): Promise<number> {
    // Straight DELETE, not through the rollups: the scores of past days stay as they were.
    const { rows } = await db.query<{ id: string }>(
      `DELETE FROM responses WHERE id IN (
      SELECT id FROM responses WHERE site = $1 AND created_at < $2 LIMIT ${RETENTION_BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id`,
      [site, before],
    );
    const gone = rows.map((r) => r.id);
    await scrubDigests(db, site, gone);
    await forgetReceipts(db, site, gone, 'delete');
    return rows.length;
  }

  private async anonymiseOld(db: pg.PoolClient, site: string, before: string): Promise<number> {
    const { rows } = await db.query<{ id: string; survey: string; answers: Record<string, unknown> }>(
      `SELECT id, survey, answers FROM responses WHERE site = $1 AND created_at < $2 AND anonymised_at IS NULL
      LIMIT ${RETENTION_BATCH} FOR UPDATE SKIP LOCKED`,
      [site, before],
    );
    if (rows.length === 0) return 0;
    const surveys = new Map(
      (await db.query<{ definition: Survey }>('SELECT definition FROM surveys WHERE site = $1', [site])).rows.map(
        (r) => [r.definition.id, r.definition.questions],
      ),
    );
    const kept = rows.map((r) => {
      const questions = surveys.get(r.survey) ?? [];
      const known = new Set(questions.map((q) => q.id));
      const text = new Set(questions.filter((q) => FREE_TEXT_TYPES.has(q.type)).map((q) => q.id));
      // Scored and choice answers stay (they feed scores); typed words go, and so does any string answer
      // to a question the survey no longer has (it might have been free text).
      return json(
        Object.fromEntries(
          Object.entries(r.answers).filter(([q, v]) => !text.has(q) && (known.has(q) || typeof v !== 'string')),
        ),
      );
    });
    const ids = rows.map((r) => r.id);
    await db.query(
      `UPDATE responses SET answers = k.answers, vars = '{}', url = NULL, referrer = NULL, respondent_id = NULL,
        respondent_email = NULL, email_key = NULL, contact_key = NULL, anonymised_at = $3
      FROM unnest($1::text[], $2::jsonb[]) AS k (id, answers) WHERE responses.id = k.id`,
      [ids, kept, new Date().toISOString()],
    );
    await db.query(
      'DELETE FROM case_notes WHERE case_id IN (SELECT id FROM cases WHERE response_id = ANY($1::text[]))',
      [ids],
    );
    await db.query('UPDATE cases SET contact = NULL, verbatim = NULL WHERE response_id = ANY($1::text[])', [ids]);
    // Payloads hold the whole response as it was sent.
    await db.query('DELETE FROM outbox WHERE response_id = ANY($1::text[])', [ids]);
    await scrubDigests(db, site, ids);
    await forgetReceipts(db, site, ids, 'anonymise');
    return rows.length;
  }
}

/**
 * Takes the given responses' comments out of the site's chat digests (sent or not): a digest quotes
 * comments in its payload, and has no response of its own to be deleted with. In the caller's transaction.
 */
async function scrubDigests(db: pg.PoolClient, site: string, responses: readonly string[]): Promise<void> {
  if (responses.length === 0) return;
  const { rows } = await db.query<{ id: string; payload: string }>(
    `SELECT id, payload FROM outbox o WHERE site = $1 AND kind = 'notify' AND event = 'digest' AND EXISTS (
      SELECT 1 FROM jsonb_array_elements(o.payload::jsonb -> 'digest' -> 'comments') c
      WHERE c ->> 'responseId' IS NULL OR c ->> 'responseId' = ANY($2::text[]))
    FOR UPDATE`,
    [site, responses],
  );
  const gone = new Set(responses);
  for (const r of rows) {
    const scrubbed = withoutCommentsOf(JSON.parse(r.payload) as NotifyPayload, gone);
    if (scrubbed) await db.query('UPDATE outbox SET payload = $1 WHERE id = $2', [JSON.stringify(scrubbed), r.id]);
  }
}

/**
 * The receipt rows of the given responses (in the caller's transaction): deleted with them, their scans and
 * the notices they were sent; anonymised, the scan loses its transaction id and till (as the response loses
 * its variables) and keeps when it was issued and valid, so it still counts as verified.
 */
async function forgetReceipts(
  db: pg.PoolClient,
  site: string,
  responses: readonly string[],
  action: RetentionAction,
): Promise<void> {
  if (responses.length === 0) return;
  if (action === 'anonymise') {
    await db.query(`UPDATE receipt_scans SET txn = '', till = NULL WHERE site = $1 AND response_id = ANY($2::text[])`, [
      site,
      responses,
    ]);
    return;
  }
  await db.query('DELETE FROM receipt_scans WHERE site = $1 AND response_id = ANY($2::text[])', [site, responses]);
  await db.query('DELETE FROM improvement_notices WHERE site = $1 AND response_id = ANY($2::text[])', [
    site,
    responses,
  ]);
}
