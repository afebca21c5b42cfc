import type { Database, Statement } from 'better-sqlite3';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store.js';
import type { SqliteClosedLoop } from './closed-loop/index.js';
import { emailKey } from '../../lib/email-key.js';
import { MisuseFilter } from './misuse.js';
import type { SqliteRollups } from './rollups.js';
import { toResponse, type ResponseRow } from './rows.js';

/**
 * JSON with keys in sorted order, so that equal objects compare equal as text. Answers and variables
 * usually arrive with their keys in order already: then the object is written as it is, without a copy.
 */
function stableJson(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = (keys[i - 1] as string) < (keys[i] as string);
  if (ordered) return JSON.stringify(value);
  const sorted: Record<string, unknown> = {};
  for (const k of keys.sort()) sorted[k] = value[k];
  return JSON.stringify(sorted);
}

/**
 * The write half of the SQLite store: saves one response or event at a time. Runs inside the
 * group-commit transaction, so it is synchronous and never commits on its own.
 */
export class SqliteWrites {
  private readonly selectResponse: Statement<[string], ResponseRow>;
  private readonly insertResponse: Statement;
  private readonly mergeResponse: Statement;
  private readonly selectEvent: Statement<[string], { site: string; survey: string }>;
  private readonly insertEvent: Statement;
  private readonly upsertKiosk: Statement;
  private readonly misuse: MisuseFilter;
  private readonly flagBurst: Statement;

  constructor(
    db: Database,
    private readonly rollups: SqliteRollups,
    private readonly closedLoop: SqliteClosedLoop,
  ) {
    this.selectResponse = db.prepare('SELECT * FROM responses WHERE id = ?');
    // Positional parameters: binding 23 named ones from an object costs a property lookup each, and the
    // object a copy of the record. ON CONFLICT (id) only: any other failure (an unknown site) still throws.
    this.insertResponse = db.prepare(`INSERT INTO responses (id, site, survey, touchpoint, answers,
      partial, locale, created_at, received_at, updated_at, channel, url, referrer, trigger, kiosk, vars,
      respondent_id, respondent_email, device, os, browser, flagged, flag_reason, email_key, contact_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
    this.mergeResponse = db.prepare(`UPDATE responses SET answers = @answers, partial = @partial,
      vars = @vars, updated_at = @updatedAt, flagged = @flagged, flag_reason = @flagReason,
      respondent_id = coalesce(respondent_id, @respondentId),
      respondent_email = coalesce(respondent_email, @respondentEmail),
      email_key = coalesce(email_key, @emailKey), contact_key = @contactKey
      WHERE id = @id`);
    this.selectEvent = db.prepare('SELECT site, survey FROM events WHERE id = ?');
    this.insertEvent = db.prepare(`INSERT INTO events (id, site, type, survey, touchpoint, channel,
      trigger, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
    // A late heartbeat (sent from an offline queue) must not roll the kiosk's status back in time.
    this.upsertKiosk = db.prepare(`INSERT INTO kiosks (site, kiosk, touchpoint, last_seen_at, queued,
      online, version) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (site, kiosk) DO UPDATE SET touchpoint = excluded.touchpoint,
        last_seen_at = excluded.last_seen_at, queued = excluded.queued, online = excluded.online,
        version = excluded.version
      WHERE excluded.last_seen_at >= kiosks.last_seen_at`);
    this.misuse = new MisuseFilter(db);
    this.flagBurst = db.prepare(`UPDATE responses SET flagged = 1, flag_reason = 'burst' WHERE id = ?`);
  }

  /** Flags stored kiosk answers that a late-arriving earlier answer made part of a burst, moving their counts. */
  private flagBursts(ids: readonly string[]): void {
    for (const id of ids) {
      const row = this.selectResponse.get(id) as ResponseRow;
      this.rollups.add({ ...row, answers: JSON.parse(row.answers) as Record<string, unknown> }, -1);
      this.flagBurst.run(id);
    }
  }

  /**
   * Creates, merges or recognises a repeat of one response. Inserts first: a new id (nearly every
   * request) costs one statement, and only an id that is there already is read back and merged.
   */
  saveResponse(r: ResponseRecord): SaveOutcome {
    // The verdict is stored in the row, so it is made before the insert (and unused if the id exists).
    const verdict = this.misuse.check(r);
    const inserted = this.insertResponse.run(
      r.id,
      r.site,
      r.survey,
      r.touchpoint,
      stableJson(r.answers),
      r.partial ? 1 : 0,
      r.locale,
      r.createdAt,
      r.receivedAt,
      r.receivedAt, // updated_at
      r.channel,
      r.url,
      r.referrer,
      r.trigger,
      r.kiosk,
      stableJson(r.vars),
      r.respondentId,
      r.respondentEmail,
      r.device,
      r.os,
      r.browser,
      verdict.flagged,
      verdict.reason,
      r.respondentEmail === null ? null : emailKey(r.respondentEmail),
      this.contactKey(r.site, r.survey, r.answers),
    );
    if (inserted.changes === 1) {
      this.flagBursts(verdict.burstsAfter);
      this.rollups.add(
        {
          site: r.site,
          survey: r.survey,
          touchpoint: r.touchpoint,
          channel: r.channel,
          trigger: r.trigger,
          created_at: r.createdAt,
          received_at: r.receivedAt,
          answers: r.answers,
          flagged: verdict.flagged,
        },
        1,
      );
      // Rules run here, inside the transaction: their outbox rows and cases commit with the response.
      // A flagged response (a tap burst) opens no case and sends no reply.
      if (!verdict.flagged) this.closedLoop.onResponseSaved(null, r);
      return { id: r.id, status: 'created' };
    }
    return this.saveAgain(r, this.selectResponse.get(r.id) as ResponseRow);
  }

  /** The normalised answer to the survey's first answered `contact` question, which erasure looks up. */
  private contactKey(site: string, survey: string, answers: Record<string, unknown>): string | null {
    for (const [question, type] of this.rollups.typesOf(site, survey)) {
      const value = answers[question];
      if (type === 'contact' && typeof value === 'string' && value !== '') return emailKey(value);
    }
    return null;
  }

  /** A response whose id is stored already: a conflict, a repeat, or more answers to merge. */
  private saveAgain(r: ResponseRecord, existing: ResponseRow): SaveOutcome {
    if (existing.site !== r.site || existing.survey !== r.survey) return { id: r.id, status: 'conflict' };
    // A complete response is final: a retry, or a stale partial arriving late, changes nothing.
    if (existing.partial === 0) return { id: r.id, status: 'duplicate' };

    const before = JSON.parse(existing.answers) as Record<string, unknown>;
    const merged = { ...before, ...r.answers };
    const answers = stableJson(merged);
    const vars = stableJson({ ...(JSON.parse(existing.vars) as object), ...r.vars });
    const partial = r.partial ? 1 : 0;
    if (answers === existing.answers && vars === existing.vars && partial === existing.partial) {
      return { id: r.id, status: 'duplicate' };
    }
    // The completed response is judged as a whole, with the duration its last send measured.
    const verdict = this.misuse.check({
      id: r.id,
      site: existing.site,
      kiosk: existing.kiosk,
      partial: partial === 1,
      createdAt: existing.created_at,
      answers: merged,
      durationMs: r.durationMs ?? null,
      clientBurst: r.clientBurst ?? false,
    });
    this.mergeResponse.run({
      id: r.id,
      answers,
      partial,
      vars,
      updatedAt: r.receivedAt,
      respondentId: r.respondentId,
      respondentEmail: r.respondentEmail,
      flagged: verdict.flagged,
      flagReason: verdict.reason,
      emailKey: r.respondentEmail === null ? null : emailKey(r.respondentEmail),
      contactKey: this.contactKey(existing.site, existing.survey, merged),
    });
    this.rollups.add({ ...existing, answers: before }, -1);
    this.rollups.add({ ...existing, answers: merged, flagged: verdict.flagged }, 1);
    this.flagBursts(verdict.burstsAfter);
    if (!verdict.flagged) {
      this.closedLoop.onResponseSaved(existing, toResponse(this.selectResponse.get(r.id) as ResponseRow));
    }
    return { id: r.id, status: 'updated' };
  }

  /** Stores an impression or dismissal once; a heartbeat updates its kiosk's status. */
  saveEvent(e: EventRecord): SaveOutcome {
    if (e.type === 'heartbeat') {
      this.upsertKiosk.run(e.site, e.kiosk, e.touchpoint, e.createdAt, e.queued, e.online ? 1 : 0, e.version);
      return { id: e.id, status: 'created' };
    }
    const { id, site, survey } = e;
    const inserted = this.insertEvent.run(
      id,
      site,
      e.type,
      survey,
      e.touchpoint,
      e.channel,
      e.trigger,
      e.createdAt,
      e.receivedAt,
    );
    if (inserted.changes === 0) {
      const existing = this.selectEvent.get(id) as { site: string; survey: string };
      const same = existing.site === site && existing.survey === survey;
      return { id, status: same ? 'duplicate' : 'conflict' };
    }
    if (e.type === 'impression') this.rollups.impression(e);
    return { id, status: 'created' };
  }
}
