import type { Database, Statement } from 'better-sqlite3';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store.js';
import type { SqliteClosedLoop } from './closed-loop/index.js';
import { MisuseFilter } from './misuse.js';
import type { SqliteRollups } from './rollups.js';
import { toResponse, type ResponseRow } from './rows.js';

/** JSON with keys in sorted order, so that equal objects compare equal as text. */
function stableJson(value: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) sorted[k] = value[k];
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

  constructor(
    db: Database,
    private readonly rollups: SqliteRollups,
    private readonly closedLoop: SqliteClosedLoop,
  ) {
    this.selectResponse = db.prepare('SELECT * FROM responses WHERE id = ?');
    this.insertResponse = db.prepare(`INSERT INTO responses (id, site, survey, touchpoint, answers,
      partial, locale, created_at, received_at, updated_at, channel, url, referrer, trigger, kiosk, vars,
      respondent_id, respondent_email, device, os, browser, flagged, flag_reason)
      VALUES (@id, @site, @survey, @touchpoint, @answers, @partial, @locale, @createdAt, @receivedAt,
      @receivedAt, @channel, @url, @referrer, @trigger, @kiosk, @vars, @respondentId, @respondentEmail,
      @device, @os, @browser, @flagged, @flagReason)`);
    this.mergeResponse = db.prepare(`UPDATE responses SET answers = @answers, partial = @partial,
      vars = @vars, updated_at = @updatedAt, flagged = @flagged, flag_reason = @flagReason,
      respondent_id = coalesce(respondent_id, @respondentId),
      respondent_email = coalesce(respondent_email, @respondentEmail)
      WHERE id = @id`);
    this.selectEvent = db.prepare('SELECT site, survey FROM events WHERE id = ?');
    this.insertEvent = db.prepare(`INSERT INTO events (id, site, type, survey, touchpoint, channel,
      trigger, created_at, received_at) VALUES (@id, @site, @type, @survey, @touchpoint, @channel,
      @trigger, @createdAt, @receivedAt)`);
    // A late heartbeat (sent from an offline queue) must not roll the kiosk's status back in time.
    this.upsertKiosk = db.prepare(`INSERT INTO kiosks (site, kiosk, touchpoint, last_seen_at, queued,
      online, version) VALUES (@site, @kiosk, @touchpoint, @createdAt, @queued, @online, @version)
      ON CONFLICT (site, kiosk) DO UPDATE SET touchpoint = excluded.touchpoint,
        last_seen_at = excluded.last_seen_at, queued = excluded.queued, online = excluded.online,
        version = excluded.version
      WHERE excluded.last_seen_at >= kiosks.last_seen_at`);
    this.misuse = new MisuseFilter(db);
  }

  /** Creates, merges or recognises a repeat of one response. */
  saveResponse(r: ResponseRecord): SaveOutcome {
    const existing = this.selectResponse.get(r.id);
    if (!existing) {
      const verdict = this.misuse.check(r);
      this.insertResponse.run({
        ...r,
        answers: stableJson(r.answers),
        partial: r.partial ? 1 : 0,
        vars: stableJson(r.vars),
        flagged: verdict.flagged,
        flagReason: verdict.reason,
      });
      this.rollups.add({ ...r, created_at: r.createdAt, flagged: verdict.flagged }, 1);
      // Rules run here, inside the transaction: their outbox rows and cases commit with the response.
      // A flagged response (a tap burst) opens no case and sends no reply.
      if (!verdict.flagged) this.closedLoop.onResponseSaved(null, r);
      return { id: r.id, status: 'created' };
    }
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
    });
    this.rollups.add({ ...existing, answers: before }, -1);
    this.rollups.add({ ...existing, answers: merged, flagged: verdict.flagged }, 1);
    if (!verdict.flagged) {
      this.closedLoop.onResponseSaved(existing, toResponse(this.selectResponse.get(r.id) as ResponseRow));
    }
    return { id: r.id, status: 'updated' };
  }

  /** Stores an impression or dismissal once; a heartbeat updates its kiosk's status. */
  saveEvent(e: EventRecord): SaveOutcome {
    if (e.type === 'heartbeat') {
      this.upsertKiosk.run({ ...e, online: e.online ? 1 : 0 });
      return { id: e.id, status: 'created' };
    }
    const existing = this.selectEvent.get(e.id);
    if (existing) {
      const same = existing.site === e.site && existing.survey === e.survey;
      return { id: e.id, status: same ? 'duplicate' : 'conflict' };
    }
    this.insertEvent.run(e);
    if (e.type === 'impression') this.rollups.impression(e);
    return { id: e.id, status: 'created' };
  }
}
