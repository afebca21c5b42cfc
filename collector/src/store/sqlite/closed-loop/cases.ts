import type { Database, Statement } from 'better-sqlite3';
import type { CaseNote, CaseSummaryRow, FollowUpCase, ScoreBand } from '@touchpoint/shared';
import { decodeCursor } from '../../../lib/cursor.js';
import { uuidv7 } from '../../../lib/uuid.js';
import type { CaseChange, CasePageQuery, CaseQuery } from '../../closed-loop-store.js';
import type { CaseOpening } from '../../plan/closed-loop.js';

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

/** The SQL of a case filter (status, touchpoint, overdue), with filterParams. */
const FILTER = `(@status IS NULL OR status = @status) AND (@touchpoint IS NULL OR touchpoint = @touchpoint)
  AND (@overdue IS NULL OR (status <> 'resolved' AND due_at < @now) = @overdue)`;
const filterParams = (site: string, f: CaseQuery, now: string) => ({
  site,
  status: f.status ?? null,
  touchpoint: f.touchpoint ?? null,
  overdue: f.overdue === undefined ? null : f.overdue ? 1 : 0,
  now,
});

/** Milliseconds in an hour, for time-to-resolve. */
const HOUR_MS = 3_600_000;

/** The median of a non-empty list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Follow-up cases in SQLite: opened by the write path, worked through the admin API. */
export class SqliteCases {
  private readonly insert: Statement;
  private readonly selectOne: Statement<[string, string], CaseRow>;

  constructor(private readonly db: Database) {
    // Ids are version 7 UUIDs: they grow with time, so the id index grows at its end (lib/uuid.ts).
    this.insert = db.prepare(`INSERT INTO cases (id, site, response_id, touchpoint, status, score, band,
      verbatim, contact, opened_at, updated_at, due_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (response_id) DO NOTHING`);
    this.selectOne = db.prepare('SELECT * FROM cases WHERE site = ? AND id = ?');
  }

  /** Opens the case of a response (inside the caller's transaction); null when it has one already. */
  open(o: CaseOpening, now: string): FollowUpCase | null {
    const id = uuidv7();
    const { site, responseId, touchpoint, score, band, verbatim, contact, openedAt, dueAt } = o;
    const inserted = this.insert.run(
      id,
      site,
      responseId,
      touchpoint,
      score,
      band,
      verbatim,
      contact,
      openedAt,
      openedAt,
      dueAt,
    );
    if (inserted.changes === 0) return null;
    // The row as just inserted (a new case has no notes): on the write path, so not read back.
    const row: CaseRow = {
      id,
      site: o.site,
      response_id: o.responseId,
      touchpoint: o.touchpoint,
      status: 'open',
      assignee: null,
      score: o.score,
      band: o.band,
      verbatim: o.verbatim,
      contact: o.contact,
      opened_at: o.openedAt,
      updated_at: o.openedAt,
      due_at: o.dueAt,
      resolved_at: null,
    };
    return this.toCase(row, [], now);
  }

  /** A page of cases in the query's order, after its cursor: (due at, id) or (opened at, id) of the last row. */
  list(site: string, q: CasePageQuery, now: string): FollowUpCase[] {
    const newest = q.sort === 'newest';
    const [key, id] = q.cursor !== undefined ? (decodeCursor(q.cursor) ?? ['', '']) : [null, null];
    const rows = this.db
      .prepare(
        `SELECT * FROM cases WHERE site = @site AND ${FILTER}
        AND (@key IS NULL OR ${newest ? '(opened_at, id) < (@key, @id)' : '(due_at, id) > (@key, @id)'})
        ORDER BY ${newest ? 'opened_at DESC, id DESC' : 'due_at, id'} LIMIT @limit`,
      )
      .all({ ...filterParams(site, q, now), key, id, limit: q.limit }) as CaseRow[];
    const notes = this.notesOf(rows.map((r) => r.id));
    return rows.map((r) => this.toCase(r, notes.get(r.id) ?? [], now));
  }

  get(site: string, id: string, now: string): FollowUpCase | null {
    const row = this.selectOne.get(site, id);
    return row ? this.toCase(row, this.notesOf([id]).get(id) ?? [], now) : null;
  }

  /** Applies a change in one transaction; `changed` runs inside it (to enqueue `case.updated`). */
  update(site: string, id: string, change: CaseChange, changed: (c: FollowUpCase) => void): FollowUpCase | null {
    return this.db
      .transaction(() => {
        const row = this.selectOne.get(site, id);
        if (!row) return null;
        const status = change.status ?? row.status;
        const resolvedAt = status === 'resolved' ? (row.status === 'resolved' ? row.resolved_at : change.at) : null;
        const assignee = change.assignee === undefined ? row.assignee : change.assignee;
        this.db
          .prepare('UPDATE cases SET status = ?, assignee = ?, resolved_at = ?, updated_at = ? WHERE id = ?')
          .run(status, assignee, resolvedAt, change.at, id);
        if (change.note) {
          this.db
            .prepare('INSERT INTO case_notes (case_id, at, author, text) VALUES (?, ?, ?, ?)')
            .run(id, change.at, change.note.author, change.note.text);
        }
        const updated = this.get(site, id, change.at) as FollowUpCase;
        changed(updated);
        return updated;
        // IMMEDIATE: it reads before it writes, and another connection (the writer thread) may commit between.
      })
      .immediate();
  }

  /** See ClosedLoopStore.backdateCases: cases never changed since they opened take their response's time. */
  backdate(site: string): number {
    return this.db
      .prepare(
        `UPDATE cases SET opened_at = r.created_at, updated_at = r.created_at,
          due_at = strftime('%Y-%m-%dT%H:%M:%fZ', julianday(r.created_at) + julianday(cases.due_at) - julianday(cases.opened_at))
        FROM responses r WHERE r.id = cases.response_id AND cases.site = ? AND cases.updated_at = cases.opened_at
          AND cases.status = 'open' AND NOT EXISTS (SELECT 1 FROM case_notes n WHERE n.case_id = cases.id)`,
      )
      .run(site).changes;
  }

  summary(site: string, now: string, filter: CaseQuery = {}): CaseSummaryRow[] {
    const rows = this.db
      .prepare(`SELECT touchpoint, status, due_at, opened_at, resolved_at FROM cases WHERE site = @site AND ${FILTER}`)
      .all(filterParams(site, filter, now)) as Pick<
      CaseRow,
      'touchpoint' | 'status' | 'due_at' | 'opened_at' | 'resolved_at'
    >[];
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

  private notesOf(ids: string[]): Map<string, CaseNote[]> {
    const notes = new Map<string, CaseNote[]>();
    if (ids.length === 0) return notes;
    const rows = this.db
      .prepare(
        `SELECT case_id, at, author, text FROM case_notes
        WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(ids)) as { case_id: string; at: string; author: string; text: string }[];
    for (const { case_id, ...note } of rows) notes.set(case_id, [...(notes.get(case_id) ?? []), note]);
    return notes;
  }

  private toCase(r: CaseRow, notes: CaseNote[], now: string): FollowUpCase {
    return {
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
    };
  }
}
