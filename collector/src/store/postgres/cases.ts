import type { CaseNote, CaseSummaryRow, FollowUpCase, ScoreBand } from '@touchpoint/shared';
import { decodeCursor } from '../../lib/cursor.js';
import { uuidv7 } from '../../lib/uuid.js';
import type { CaseChange, CasePageQuery, CaseQuery } from '../closed-loop-store.js';
import type { CaseOpening } from '../plan/closed-loop.js';
import type { Queryable } from './db.js';

interface CaseRow {
  id: string;
  site: string;
  response_id: string;
  touchpoint: string;
  status: FollowUpCase['status'];
  assignee: string | null;
  score: number | null;
  band: string | null;
  verbatim: string | null;
  contact: string | null;
  opened_at: string;
  updated_at: string;
  due_at: string;
  resolved_at: string | null;
}

/** Milliseconds in an hour, for time-to-resolve. */
const HOUR_MS = 3_600_000;

/** The SQL of a case filter (status, touchpoint, overdue) on parameters $2–$5 ($1 is the site). */
const FILTER = `($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR touchpoint = $3)
  AND ($4::boolean IS NULL OR (status <> 'resolved' AND due_at < $5) = $4)`;
const filterParams = (site: string, f: CaseQuery, now: string) => [
  site,
  f.status ?? null,
  f.touchpoint ?? null,
  f.overdue ?? null,
  now,
];

const toCase = (r: CaseRow, notes: CaseNote[], now: string): FollowUpCase => ({
  id: r.id,
  site: r.site,
  response: r.response_id,
  touchpoint: r.touchpoint,
  status: r.status,
  assignee: r.assignee,
  score: r.score,
  band: r.band as ScoreBand | null,
  verbatim: r.verbatim,
  contact: r.contact,
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  dueAt: r.due_at,
  resolvedAt: r.resolved_at,
  overdue: r.status !== 'resolved' && r.due_at < now,
  notes,
});

/**
 * Opens the cases of a batch's responses with one statement, inside the caller's transaction. Returns
 * the cases opened; a response that has one already gets none.
 */
export async function openCases(db: Queryable, openings: readonly CaseOpening[], now: string): Promise<FollowUpCase[]> {
  if (openings.length === 0) return [];
  const col = <T>(f: (o: CaseOpening) => T) => openings.map(f);
  // Ids are version 7 UUIDs: they grow with time, so the id index grows at its end (lib/uuid.ts).
  const { rows } = await db.query<CaseRow>(
    `INSERT INTO cases (id, site, response_id, touchpoint, status, score, band, verbatim, contact, opened_at,
    updated_at, due_at) SELECT id, site, response_id, touchpoint, 'open', score, band, verbatim, contact, opened_at,
    opened_at, due_at FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[])
    AS o (id, site, response_id, touchpoint, score, band, verbatim, contact, opened_at, due_at)
    ON CONFLICT (response_id) DO NOTHING RETURNING *`,
    [
      col(() => uuidv7()),
      col((o) => o.site),
      col((o) => o.responseId),
      col((o) => o.touchpoint),
      col((o) => o.score),
      col((o) => o.band),
      col((o) => o.verbatim),
      col((o) => o.contact),
      col((o) => o.openedAt),
      col((o) => o.dueAt),
    ],
  );
  return rows.map((r) => toCase(r, [], now));
}

/** The median of a non-empty list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Follow-up cases on PostgreSQL: listed, read, changed and summarised for the admin API. */
export class PgCases {
  constructor(private readonly db: Queryable) {}

  /** A page of cases in the query's order, after its cursor: (due at, id) or (opened at, id) of the last row. */
  async list(site: string, q: CasePageQuery, now: string): Promise<FollowUpCase[]> {
    const newest = q.sort === 'newest';
    const [key, id] = q.cursor !== undefined ? (decodeCursor(q.cursor) ?? ['', '']) : [null, null];
    const { rows } = await this.db.query<CaseRow>(
      `SELECT * FROM cases WHERE site = $1 AND ${FILTER}
      AND ($6::text IS NULL OR ${newest ? '(opened_at, id) < ($6, $7)' : '(due_at, id) > ($6, $7)'})
      ORDER BY ${newest ? 'opened_at DESC, id DESC' : 'due_at, id'} LIMIT $8`,
      [...filterParams(site, q, now), key, id, q.limit],
    );
    const notes = await this.notesOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toCase(r, notes.get(r.id) ?? [], now));
  }

  async get(db: Queryable, site: string, id: string, now: string): Promise<FollowUpCase | null> {
    const { rows } = await db.query<CaseRow>('SELECT * FROM cases WHERE site = $1 AND id = $2', [site, id]);
    return rows[0] ? toCase(rows[0], (await this.notesOf(db, [id])).get(id) ?? [], now) : null;
  }

  /** Applies a change in the caller's transaction (the row locked first); null when there is no such case. */
  async update(db: Queryable, site: string, id: string, change: CaseChange): Promise<FollowUpCase | null> {
    const { rows } = await db.query<CaseRow>('SELECT * FROM cases WHERE site = $1 AND id = $2 FOR UPDATE', [site, id]);
    const row = rows[0];
    if (!row) return null;
    const status = change.status ?? row.status;
    const resolvedAt = status === 'resolved' ? (row.status === 'resolved' ? row.resolved_at : change.at) : null;
    const assignee = change.assignee === undefined ? row.assignee : change.assignee;
    await db.query('UPDATE cases SET status = $1, assignee = $2, resolved_at = $3, updated_at = $4 WHERE id = $5', [
      status,
      assignee,
      resolvedAt,
      change.at,
      id,
    ]);
    if (change.note) {
      await db.query('INSERT INTO case_notes (case_id, at, author, text) VALUES ($1, $2, $3, $4)', [
        id,
        change.at,
        change.note.author,
        change.note.text,
      ]);
    }
    return this.get(db, site, id, change.at);
  }

  /** See ClosedLoopStore.backdateCases: cases never changed since they opened take their response's time. */
  async backdate(site: string): Promise<number> {
    const r = await this.db.query(
      `UPDATE cases SET opened_at = r.created_at, updated_at = r.created_at,
        due_at = to_char((r.created_at::timestamptz + (cases.due_at::timestamptz - cases.opened_at::timestamptz))
          AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      FROM responses r WHERE r.id = cases.response_id AND cases.site = $1 AND cases.updated_at = cases.opened_at
        AND cases.status = 'open' AND NOT EXISTS (SELECT 1 FROM case_notes n WHERE n.case_id = cases.id)`,
      [site],
    );
    return r.rowCount ?? 0;
  }

  async summary(site: string, now: string, filter: CaseQuery = {}): Promise<CaseSummaryRow[]> {
    const { rows } = await this.db.query<
      Pick<CaseRow, 'touchpoint' | 'status' | 'due_at' | 'opened_at' | 'resolved_at'>
    >(
      `SELECT touchpoint, status, due_at, opened_at, resolved_at FROM cases WHERE site = $1 AND ${FILTER}`,
      filterParams(site, filter, now),
    );
    const by = new Map<string, CaseSummaryRow & { hours: number[] }>();
    for (const r of rows) {
      let s = by.get(r.touchpoint);
      if (!s) {
        s = {
          touchpoint: r.touchpoint,
          open: 0,
          contacted: 0,
          resolved: 0,
          overdue: 0,
          medianHoursToResolve: null,
          hours: [],
        };
        by.set(r.touchpoint, s);
      }
      s[r.status]++;
      if (r.status !== 'resolved' && r.due_at < now) s.overdue++;
      if (r.resolved_at) s.hours.push((Date.parse(r.resolved_at) - Date.parse(r.opened_at)) / HOUR_MS);
    }
    return [...by.values()]
      .sort((a, b) => a.touchpoint.localeCompare(b.touchpoint))
      .map(({ hours, ...s }) => ({ ...s, medianHoursToResolve: hours.length > 0 ? median(hours) : null }));
  }

  private async notesOf(db: Queryable, ids: string[]): Promise<Map<string, CaseNote[]>> {
    const notes = new Map<string, CaseNote[]>();
    if (ids.length === 0) return notes;
    const { rows } = await db.query<{ case_id: string; at: string; author: string; text: string }>(
      'SELECT case_id, at, author, text FROM case_notes WHERE case_id = ANY($1::text[]) ORDER BY id',
      [ids],
    );
    for (const { case_id, ...note } of rows) notes.set(case_id, [...(notes.get(case_id) ?? []), note]);
    return notes;
  }
}
