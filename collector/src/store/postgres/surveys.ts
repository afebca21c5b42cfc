import type pg from 'pg';
import type { Survey } from '@touchpoint/shared';
import { inTransaction, json } from './db.js';
import { recordQuestionTypes } from './question-types.js';
import { toSurvey } from './rows.js';

/**
 * Survey verbs of the PostgreSQL store (issue #14, as the SQLite store): a survey with answers is archived,
 * not deleted, and every create or change records its question types (question-types.ts). Each returns
 * whether a row changed.
 */

/** The site's surveys; archived ones only with `archived`. */
export async function listSurveys(db: pg.Pool, site: string, archived: boolean): Promise<Survey[]> {
  const live = archived ? '' : 'AND archived_at IS NULL';
  const { rows } = await db.query(`SELECT definition FROM surveys WHERE site = $1 ${live} ORDER BY id`, [site]);
  return rows.map(toSurvey);
}

export async function getSurvey(db: pg.Pool, site: string, id: string): Promise<Survey | null> {
  const { rows } = await db.query(
    'SELECT definition FROM surveys WHERE site = $1 AND id = $2 AND archived_at IS NULL',
    [site, id],
  );
  return rows[0] ? toSurvey(rows[0]) : null;
}

/** Creates a survey; an archived one of that id comes back with the new definition. */
export function createSurvey(db: pg.Pool, site: string, s: Survey): Promise<boolean> {
  const now = new Date().toISOString();
  return inTransaction(db, async (client) => {
    const r = await client.query(
      `INSERT INTO surveys AS s (site, id, definition, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
      ON CONFLICT (site, id) DO UPDATE SET definition = excluded.definition, active = excluded.active,
        updated_at = excluded.updated_at, archived_at = NULL
      WHERE s.archived_at IS NOT NULL`,
      [site, s.id, json(s), s.active, now],
    );
    if (r.rowCount === 1) await recordQuestionTypes(client, site, s, now);
    return r.rowCount === 1;
  });
}

export function updateSurvey(db: pg.Pool, site: string, s: Survey): Promise<boolean> {
  const now = new Date().toISOString();
  return inTransaction(db, async (client) => {
    const r = await client.query(
      `UPDATE surveys SET definition = $1, active = $2, updated_at = $3
      WHERE site = $4 AND id = $5 AND archived_at IS NULL`,
      [json(s), s.active, now, site, s.id],
    );
    if (r.rowCount === 1) await recordQuestionTypes(client, site, s, now);
    return r.rowCount === 1;
  });
}

/** Deletes a survey without answers; archives one with answers (its answers keep counting). */
export function deleteSurvey(db: pg.Pool, site: string, id: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const answered = await client.query('SELECT 1 FROM responses WHERE site = $1 AND survey = $2 LIMIT 1', [site, id]);
    if ((answered.rowCount ?? 0) === 0) {
      await client.query('DELETE FROM question_types WHERE site = $1 AND survey = $2', [site, id]);
      const r = await client.query('DELETE FROM surveys WHERE site = $1 AND id = $2', [site, id]);
      return r.rowCount === 1;
    }
    const r = await client.query(
      `UPDATE surveys SET archived_at = $1, active = false WHERE site = $2 AND id = $3 AND archived_at IS NULL`,
      [new Date().toISOString(), site, id],
    );
    return r.rowCount === 1;
  });
}
