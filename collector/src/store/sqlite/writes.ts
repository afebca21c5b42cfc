import type { Database, Statement } from 'better-sqlite3';
import type { SiteCache } from '../site-cache.js';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store.js';
import type { SqliteClosedLoop } from './closed-loop/index.js';
import { isoAt } from '../../lib/iso-time.js';
import { planResponse, stableJson, type NewResponse, type WritePlan } from '../plan/response-plan.js';
import { SqliteRecentKioskAnswers } from './misuse.js';
import { parsedRollupRow, type SqliteRollups } from './rollups.js';
import { toResponse, type ResponseRow } from './rows.js';

/**
 * The INSERT of a new response (its values: `responseValues`). Positional parameters: binding 25 named ones
 * from an object costs a property lookup each, and the object a copy of the record. ON CONFLICT (id) only:
 * any other failure (an unknown site) still throws. Exported for bench:scores, which writes rows directly.
 */
export const INSERT_RESPONSE = `INSERT INTO responses (id, site, survey, touchpoint, answers,
  partial, locale, created_at, received_at, updated_at, channel, url, referrer, trigger, kiosk, vars,
  respondent_id, respondent_email, device, os, browser, flagged, flag_reason, email_key, contact_key)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;

/** The values INSERT_RESPONSE binds for a planned new row. */
export function responseValues(row: NewResponse): (string | number | null)[] {
  const { record: r, flagged, flagReason, emailKey, contactKey } = row;
  return [
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
    flagged ? 1 : 0,
    flagReason,
    emailKey,
    contactKey,
  ];
}

/**
 * The write half of the SQLite store: applies the write plan (plan/response-plan.ts) of one response, or
 * saves one event, at a time. Runs inside the group-commit transaction, so it is synchronous and never
 * commits on its own.
 */
export class SqliteWrites {
  private readonly selectResponse: Statement<[string], ResponseRow>;
  private readonly insertResponse: Statement;
  private readonly mergeResponse: Statement;
  private readonly selectEvent: Statement<[string], { site: string; survey: string }>;
  private readonly insertEvent: Statement;
  private readonly upsertKiosk: Statement;
  private readonly recent: SqliteRecentKioskAnswers;
  private readonly flagBurst: Statement;

  constructor(
    db: Database,
    private readonly rollups: SqliteRollups,
    private readonly closedLoop: SqliteClosedLoop,
    private readonly sites: SiteCache,
  ) {
    this.selectResponse = db.prepare('SELECT * FROM responses WHERE id = ?');
    this.insertResponse = db.prepare(INSERT_RESPONSE);
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
    this.recent = new SqliteRecentKioskAnswers(db);
    this.flagBurst = db.prepare(`UPDATE responses SET flagged = 1, flag_reason = 'burst' WHERE id = ?`);
  }

  /** Flags stored kiosk answers a late-arriving earlier answer made part of a burst (the plan's `burstsAfter`), moving their counts. */
  private flagBursts(ids: readonly string[]): void {
    for (const id of ids) {
      const row = this.selectResponse.get(id) as ResponseRow;
      this.rollups.add(parsedRollupRow(row), -1);
      this.flagBurst.run(id);
    }
  }

  /**
   * Creates, merges or recognises a repeat of one response. Inserts first: a new id (nearly every
   * request) costs one statement, and only an id that is there already is read back and planned again.
   */
  saveResponse(r: ResponseRecord): SaveOutcome {
    const now = isoAt(Date.now());
    const site = this.sites.getSync(r.site, r.survey);
    const pairs = this.rollups.pairsOf(r.site);
    const plan = planResponse({ record: r, existing: null, recent: this.recent, site, now, pairs });
    if (plan.kind === 'insert' && this.insert(plan)) {
      this.flagBursts(plan.burstsAfter);
      this.rollups.stage(plan.rollups);
      this.closedLoop.applyLoop(r.site, r.id, plan.loop, now);
      return { id: r.id, status: 'created' };
    }
    const existing = toResponse(this.selectResponse.get(r.id) as ResponseRow);
    const again = planResponse({ record: r, existing, recent: this.recent, site, now, pairs });
    if (again.kind !== 'merge') return again.kind === 'none' ? again.outcome : { id: r.id, status: 'conflict' };
    const m = again.merge;
    this.mergeResponse.run({
      id: m.id,
      answers: stableJson(m.answers),
      partial: m.partial ? 1 : 0,
      vars: stableJson(m.vars),
      updatedAt: m.updatedAt,
      respondentId: m.respondentId,
      respondentEmail: m.respondentEmail,
      flagged: m.flagged ? 1 : 0,
      flagReason: m.flagReason,
      emailKey: m.emailKey,
      contactKey: m.contactKey,
    });
    this.rollups.stage(again.rollups);
    this.flagBursts(again.burstsAfter);
    this.closedLoop.applyLoop(r.site, r.id, again.loop, now);
    return { id: r.id, status: 'updated' };
  }

  /** Inserts a plan's new row; false when its id is taken. */
  private insert(plan: Extract<WritePlan, { kind: 'insert' }>): boolean {
    return this.insertResponse.run(...responseValues(plan.row)).changes === 1;
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
